package dev.ww.provision;

import java.util.List;

/**
 * What {@link TftpBoot#update} did.
 *
 * @param nodes nodes whose boot stage goes over TFTP
 * @param scriptsWritten per-device iPXE scripts written (new or changed)
 * @param scriptsUnchanged scripts already current
 * @param scriptsRemoved scripts of devices no longer booting over TFTP, deleted
 * @param imagesWritten kernels and initramfs images copied into the TFTP root
 * @param imagesUnchanged images already there
 * @param imagesRemoved images no script uses any more, deleted
 * @param skipped nodes or devices left out, with the reason
 */
public record TftpBootUpdate(
    int nodes,
    int scriptsWritten,
    int scriptsUnchanged,
    int scriptsRemoved,
    int imagesWritten,
    int imagesUnchanged,
    int imagesRemoved,
    List<String> skipped) {

  public TftpBootUpdate {
    skipped = List.copyOf(skipped);
  }
}

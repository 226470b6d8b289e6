package dev.ww.provision;

import dev.ww.core.UserException;
import dev.ww.provision.internal.AtomicFiles;
import dev.ww.provision.internal.IpxeScripts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fills the TFTP root with what PXE firmware loads: the iPXE loaders from the distribution's
 * ipxe package ({@code undionly.kpxe} for BIOS, {@code ipxe.efi} for x86-64 UEFI), a chain
 * script to the HTTP server for sites whose DHCP cannot hand iPXE an HTTP URL ({@code
 * chain.ipxe}), and the chain script for nodes whose boot stage goes over TFTP ({@code
 * tftp-chain.ipxe}, to their scripts placed by {@link TftpBoot}). Copies only what changed.
 */
public final class TftpRoot {

  /** Where Debian's ipxe package installs the loaders. */
  public static final Path DEBIAN_IPXE = Path.of("/usr/lib/ipxe");

  public static final List<String> LOADERS = List.of("undionly.kpxe", "ipxe.efi");

  private TftpRoot() {}

  /** Returns the number of files written (0 when everything was current). */
  public static int populate(Path tftpRoot, DhcpSettings settings, Path ipxeDir)
      throws IOException {
    String loaderDir = settings.loaderDir();
    String chainScript =
        new IpxeScripts(settings.server().getHostAddress(), settings.httpPort()).chain();
    Path dir = tftpRoot.resolve(loaderDir).normalize();
    if (!dir.startsWith(tftpRoot.normalize())) {
      throw new UserException("loader directory " + loaderDir + " leaves the TFTP root");
    }
    int written = 0;
    for (String loader : LOADERS) {
      Path src = ipxeDir.resolve(loader);
      if (!Files.isRegularFile(src)) {
        throw new UserException(
            "iPXE loader " + src + " not found: install the distribution's ipxe package (apt-get install ipxe)");
      }
      if (AtomicFiles.writeIfChanged(dir.resolve(loader), Files.readAllBytes(src))) {
        written++;
      }
    }
    if (AtomicFiles.writeIfChanged(dir.resolve("chain.ipxe"), chainScript.getBytes(StandardCharsets.UTF_8))) {
      written++;
    }
    String tftpChain = IpxeScripts.tftpChain(TftpBoot.nodeDirUrl(settings));
    if (AtomicFiles.writeIfChanged(dir.resolve(DhcpSettings.TFTP_CHAIN), tftpChain.getBytes(StandardCharsets.UTF_8))) {
      written++;
    }
    return written;
  }
}

package dev.ww.provision;

import java.util.Locale;
import java.util.Optional;

/**
 * How a node's boot stage (iPXE script, kernel, initramfs) reaches it. Later stages (node
 * config, capsule, files, scripts, reports) always use the HTTP server.
 */
public enum BootTransport {
  /** From the provisioning server over HTTP (the default). */
  HTTP,
  /**
   * From the TFTP root, as in Warewulf 3's seed: for sites whose nodes cannot use HTTP at the
   * boot stage. {@code wwsh pxe update} places the scripts and images there ({@link TftpBoot}).
   */
  TFTP;

  /** The stored or given word: {@code http} or {@code tftp}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code http} or {@code tftp} (any case, surrounding blanks ignored); empty otherwise. */
  public static Optional<BootTransport> parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "http" -> Optional.of(HTTP);
      case "tftp" -> Optional.of(TFTP);
      default -> Optional.empty();
    };
  }
}

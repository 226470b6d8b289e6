package dev.ww.provision;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a node's requests must come from a source port below 1024 (root on the node, as
 * Warewulf 3's {@code curl --local-port 100-1023}). Never applied to the iPXE script, kernel and
 * initramfs: firmware cannot choose its source port.
 */
public enum PrivilegedPort {
  /** As the server says ({@link ServerSettings#privilegedPortRequired()}). */
  SERVER_DEFAULT,
  /** Required for this node, whatever the server's setting. */
  REQUIRED,
  /** Not required for this node, even when the server requires it of the others. */
  NOT_REQUIRED;

  /** Whether a privileged port is required, given the server's setting. */
  public boolean required(boolean serverRequires) {
    return switch (this) {
      case SERVER_DEFAULT -> serverRequires;
      case REQUIRED -> true;
      case NOT_REQUIRED -> false;
    };
  }

  /**
   * Reads a stored value: absent or blank is {@link #SERVER_DEFAULT}; {@code no}, {@code 0},
   * {@code false}, {@code off} (any case) are {@link #NOT_REQUIRED}; anything else is {@link
   * #REQUIRED}, so a mistyped value errs on the strict side.
   */
  public static PrivilegedPort parse(Optional<String> stored) {
    String v = stored.map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse("");
    if (v.isEmpty()) {
      return SERVER_DEFAULT;
    }
    return switch (v) {
      case "no", "0", "false", "off" -> NOT_REQUIRED;
      default -> REQUIRED;
    };
  }
}

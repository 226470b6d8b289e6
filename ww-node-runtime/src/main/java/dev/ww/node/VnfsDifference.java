package dev.ww.node;

import java.util.Objects;

/**
 * One way the running tree differs from the capsule.
 *
 * @param path the absolute path on the node
 * @param kind what differs
 * @param detail the values on the node and in the capsule, for people
 */
public record VnfsDifference(String path, Kind kind, String detail) {

  /** What differs. */
  public enum Kind {
    /** In the capsule, not on the node. */
    MISSING,
    /** On the node, not in the capsule: removed by {@code --force}. */
    EXTRA,
    /** Another kind of file (directory instead of file...). */
    TYPE,
    /** Same kind, different content (size, time, symlink target or device numbers). */
    CONTENT,
    /** Same content, different owner, group or permissions. */
    METADATA
  }

  public VnfsDifference {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    String sign =
        switch (kind) {
          case MISSING -> "+";
          case EXTRA -> "-";
          default -> "~";
        };
    return sign + " " + path + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}

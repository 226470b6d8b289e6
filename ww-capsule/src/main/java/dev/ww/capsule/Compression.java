package dev.ww.capsule;

import java.util.Locale;
import java.util.Objects;

/**
 * How a capsule is compressed: a format and its level.
 *
 * @param format the compression format
 * @param level gzip 1..9, xz 0..9, zstd 1..19; 0 for none
 */
public record Compression(Format format, int level) {

  /** The compression formats a capsule can have. */
  public enum Format {
    /** gzip (concatenated members); the default, because busybox on the node unpacks it. */
    GZIP(1, 9, 6),
    /** xz (LZMA2), CRC64 check. */
    XZ(0, 9, 6),
    /** zstd (for kernels and bootstraps that carry a zstd decoder). */
    ZSTD(1, 19, 3),
    /** No compression: the plain newc archive. */
    NONE(0, 0, 0);

    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;

    Format(int minLevel, int maxLevel, int defaultLevel) {
      this.minLevel = minLevel;
      this.maxLevel = maxLevel;
      this.defaultLevel = defaultLevel;
    }

    public int minLevel() {
      return minLevel;
    }

    public int maxLevel() {
      return maxLevel;
    }

    public int defaultLevel() {
      return defaultLevel;
    }

    /** The format by its name, case-insensitive ({@code gzip}, {@code xz}, {@code zstd}, {@code none}). */
    public static Format parse(String name) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown compression '" + name + "'; use gzip, xz, zstd or none");
      }
    }
  }

  public Compression {
    Objects.requireNonNull(format, "format");
    if (level < format.minLevel() || level > format.maxLevel()) {
      throw new IllegalArgumentException(
          format.name().toLowerCase(Locale.ROOT) + " level must be between " + format.minLevel()
              + " and " + format.maxLevel() + ", not " + level);
    }
  }

  /** The format at its default level. */
  public static Compression of(Format format) {
    return new Compression(format, format.defaultLevel());
  }

  public static Compression gzip() {
    return of(Format.GZIP);
  }

  public static Compression none() {
    return of(Format.NONE);
  }
}

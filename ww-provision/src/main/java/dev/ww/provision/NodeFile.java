package dev.ww.provision;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A file object as the server sees it. {@code path} is where the node writes it (never a path
 * on this server). {@code format} follows Warewulf 3: {@code shell}, {@code data},
 * {@code binary}…; binary content is never templated. A symlink's content is its target;
 * directories, devices and fifos carry no content, and only devices carry {@code major} and
 * {@code minor} numbers (0 for everything else).
 */
public record NodeFile(
    String id,
    String name,
    String path,
    int uid,
    int gid,
    int mode,
    Kind kind,
    String format,
    Instant modified,
    Optional<Blob> content,
    int major,
    int minor) {

  /** Largest device major number Linux has (12 bits). */
  public static final int MAX_MAJOR = 0xfff;
  /** Largest device minor number Linux has (20 bits). */
  public static final int MAX_MINOR = 0xfffff;

  /**
   * The kind of file on the node, with the type letter used in the file list and the word a
   * file object's {@code FILETYPE} member holds.
   */
  public enum Kind {
    REGULAR('-', "regular", 0100000),
    DIRECTORY('d', "directory", 0040000),
    SYMLINK('l', "symlink", 0120000),
    CHARACTER_DEVICE('c', "chr", 0020000),
    BLOCK_DEVICE('b', "blk", 0060000),
    FIFO('p', "fifo", 0010000);

    private final char letter;
    private final String word;
    private final int typeBits;

    Kind(char letter, String word, int typeBits) {
      this.letter = letter;
      this.word = word;
      this.typeBits = typeBits;
    }

    public char letter() {
      return letter;
    }

    /** The name stored in a file object's {@code FILETYPE} member. */
    public String word() {
      return word;
    }

    /** A character or block device: the only kinds with major and minor numbers. */
    public boolean device() {
      return this == CHARACTER_DEVICE || this == BLOCK_DEVICE;
    }

    /** Whether the node receives content for it (regular files, symlink targets, device numbers). */
    public boolean hasContent() {
      return this == REGULAR || this == SYMLINK || device();
    }

    /**
     * The kind a {@code FILETYPE} value names: the word ({@code regular}, {@code directory},
     * {@code symlink}, {@code chr}, {@code blk}, {@code fifo}), a common alias ({@code file},
     * {@code dir}, {@code link}, {@code char}, {@code block}, {@code pipe}), the file list's
     * letter, or Warewulf 3's number (the {@code st_mode} type bits in decimal, such as
     * {@code 8192} for a character device). Case does not matter.
     */
    public static Optional<Kind> parse(String text) {
      String t = text.strip().toLowerCase(java.util.Locale.ROOT);
      for (Kind k : values()) {
        if (t.equals(k.word) || t.equals(String.valueOf(k.letter))
            || t.equals(String.valueOf(k.typeBits))) {
          return Optional.of(k);
        }
      }
      return Optional.ofNullable(
          switch (t) {
            case "file" -> REGULAR;
            case "dir" -> DIRECTORY;
            case "link" -> SYMLINK;
            case "char", "character" -> CHARACTER_DEVICE;
            case "block" -> BLOCK_DEVICE;
            case "pipe" -> FIFO;
            default -> null;
          });
    }
  }

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  public NodeFile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(content, "content");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("bad file id: " + id);
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("file path on the node must be absolute: " + path);
    }
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("bad mode: " + Integer.toOctalString(mode));
    }
    if (kind.device()) {
      if (major < 0 || major > MAX_MAJOR || minor < 0 || minor > MAX_MINOR) {
        throw new IllegalArgumentException(
            "device numbers " + major + ":" + minor + " are out of range (major 0.." + MAX_MAJOR
                + ", minor 0.." + MAX_MINOR + ")");
      }
    } else if (major != 0 || minor != 0) {
      throw new IllegalArgumentException("only devices have major and minor numbers");
    }
    if (!kind.hasContent() || kind.device()) {
      if (content.isPresent()) {
        throw new IllegalArgumentException("a " + kind.word() + " has no content");
      }
    }
  }

  /** A file that is not a device (major and minor 0). */
  public NodeFile(
      String id, String name, String path, int uid, int gid, int mode, Kind kind, String format,
      Instant modified, Optional<Blob> content) {
    this(id, name, path, uid, gid, mode, kind, format, modified, content, 0, 0);
  }

  /** A regular file. */
  public static NodeFile regular(
      String id, String name, String path, int mode, String format, Blob content) {
    return new NodeFile(
        id, name, path, 0, 0, mode, Kind.REGULAR, format, content.modified(), Optional.of(content));
  }

  /** A character or block device node, or a fifo (device numbers 0). */
  public static NodeFile special(
      String id, String path, int uid, int gid, int mode, Kind kind, Instant modified, int major,
      int minor) {
    if (kind != Kind.CHARACTER_DEVICE && kind != Kind.BLOCK_DEVICE && kind != Kind.FIFO) {
      throw new IllegalArgumentException("not a device or fifo: " + kind.word());
    }
    return new NodeFile(id, id, path, uid, gid, mode, kind, "data", modified, Optional.empty(), major, minor);
  }

  /**
   * What the node receives as a device's content: {@code MAJOR:MINOR} and a newline, so that
   * the file list's etag changes when the numbers do.
   */
  public byte[] deviceNumbers() {
    if (!kind.device()) {
      throw new IllegalStateException(kind.word() + " has no device numbers");
    }
    return (major + ":" + minor + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** True when the content is sent as stored, never templated. */
  public boolean binary() {
    return format.equalsIgnoreCase("binary");
  }

  /** True when the file may be part of a pre/post/runtime script. */
  public boolean shellFormat() {
    return format.equalsIgnoreCase("shell");
  }
}

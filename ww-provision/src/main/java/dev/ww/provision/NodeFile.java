package dev.ww.provision;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A file object as the server sees it. {@code path} is where the node writes it (never a path
 * on this server). {@code format} follows Warewulf 3: {@code shell}, {@code data},
 * {@code binary}…; binary content is never templated. Directories and symlinks carry no
 * content.
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
    Optional<Blob> content) {

  /** The kind of file on the node, with the type letter used in the file list. */
  public enum Kind {
    REGULAR('-'),
    DIRECTORY('d'),
    SYMLINK('l');

    private final char letter;

    Kind(char letter) {
      this.letter = letter;
    }

    public char letter() {
      return letter;
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
  }

  /** A regular file. */
  public static NodeFile regular(
      String id, String name, String path, int mode, String format, Blob content) {
    return new NodeFile(
        id, name, path, 0, 0, mode, Kind.REGULAR, format, content.modified(), Optional.of(content));
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

package dev.ww.node.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of the master's file list:
 * {@code <id> <name> <uid> <gid> <type><mode> <mtime> <etag> <path>}, name and path
 * percent-encoded; type {@code -} regular file, {@code d} directory, {@code l} symlink,
 * {@code c} character device, {@code b} block device, {@code p} fifo.
 */
public record FileListEntry(
    String id, String name, int uid, int gid, char type, int mode, long mtime, String etag,
    String path) {

  public FileListEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(path, "path");
    if (!Chars.fileId(id)) {
      throw new IllegalArgumentException("bad file id '" + id + "'");
    }
    if ("-dlcbp".indexOf(type) < 0) {
      throw new IllegalArgumentException("file " + id + ": unknown type '" + type + "'");
    }
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("file " + id + ": bad mode");
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("file " + id + ": negative owner");
    }
    if (!Chars.sha256Hex(etag)) {
      throw new IllegalArgumentException("file " + id + ": etag is not a SHA-256");
    }
    if (!path.startsWith("/") || path.equals("/") || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("file " + id + ": path '" + path + "' is not an absolute file path");
    }
    for (String c : path.split("/")) {
      if (c.equals("..")) {
        throw new IllegalArgumentException("file " + id + ": path '" + path + "' contains ..");
      }
    }
  }

  /** Parses a whole list; an error names the line. */
  public static List<FileListEntry> parseList(String text) {
    List<FileListEntry> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parse(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("file list line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  static FileListEntry parse(String line) {
    String[] f = line.split(" ");
    if (f.length != 8) {
      throw new IllegalArgumentException("expected 8 fields, got " + f.length);
    }
    String typeMode = f[4];
    if (typeMode.length() != 5) {
      throw new IllegalArgumentException("bad type and mode '" + typeMode + "'");
    }
    try {
      return new FileListEntry(
          f[0], decode(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), typeMode.charAt(0),
          Integer.parseInt(typeMode.substring(1), 8), Long.parseLong(f[5]), f[6], decode(f[7]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number: " + e.getMessage(), e);
    }
  }

  /** Undoes the list's percent-encoding (UTF-8 bytes). */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '%') {
        if (i + 2 >= b.length) {
          throw new IllegalArgumentException("bad percent-encoding in '" + s + "'");
        }
        out.write(Integer.parseInt(new String(b, i + 1, 2, StandardCharsets.US_ASCII), 16));
        i += 2;
      } else {
        out.write(b[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A character or block device, whose content is {@code MAJOR:MINOR}. */
  public boolean device() {
    return type == 'c' || type == 'b';
  }

  /** Percent-encodes every byte outside {@code A-Z a-z 0-9 . _ - / + , : = @ ~}, as the list does. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "._-/+,:=@~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.toString();
  }

  /** A mode as four octal digits. */
  static String octal4(int mode) {
    String o = Integer.toOctalString(mode);
    return "0000".substring(o.length()) + o;
  }

  /** The path relative to the node's root. */
  public String relativePath() {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '/') {
      i++;
    }
    return path.substring(i);
  }
}

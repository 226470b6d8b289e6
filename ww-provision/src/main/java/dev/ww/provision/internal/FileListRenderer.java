package dev.ww.provision.internal;

import dev.ww.provision.NodeFile;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The file list a node reads: one line per file, fields separated by one space, in order of
 * change time. Names and paths are percent-encoded so a field never holds a space or newline
 * (Warewulf 3's list broke on spaces):
 * {@code <id> <name> <uid> <gid> <type><mode> <mtime> <etag> <path>}; type is {@code -}
 * (regular), {@code d} (directory), {@code l} (symlink), {@code c} (character device), {@code b}
 * (block device) or {@code p} (fifo), mode four octal digits, mtime seconds since the epoch,
 * etag the SHA-256 of the content this node receives (a symlink's target, a device's {@code
 * MAJOR:MINOR} line, nothing for a directory or fifo).
 */
public final class FileListRenderer {

  private FileListRenderer() {}

  public static String render(List<ServedFile> files, long newerThanEpochSeconds) {
    StringBuilder out = new StringBuilder();
    files.stream()
        .filter(f -> f.modified().getEpochSecond() > newerThanEpochSeconds)
        .sorted(Comparator.comparing(ServedFile::modified).thenComparing(f -> f.meta().id()))
        .forEach(
            f -> {
              NodeFile m = f.meta();
              out.append(m.id()).append(' ')
                  .append(encode(m.name())).append(' ')
                  .append(m.uid()).append(' ')
                  .append(m.gid()).append(' ')
                  .append(m.kind().letter()).append(String.format("%04o", m.mode())).append(' ')
                  .append(f.modified().getEpochSecond()).append(' ')
                  .append(f.etag()).append(' ')
                  .append(encode(m.path())).append('\n');
            });
    return out.toString();
  }

  /** Percent-encodes every byte outside {@code A-Z a-z 0-9 . _ - / + , : = @ ~}. */
  public static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "._-/+,:=@~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }
}

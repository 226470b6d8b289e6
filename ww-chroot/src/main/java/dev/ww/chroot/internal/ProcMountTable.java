package dev.ww.chroot.internal;

import dev.ww.chroot.MountTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The mount table of this process, read from {@code /proc/self/mountinfo}. */
public final class ProcMountTable implements MountTable {

  private final Path mountInfo;

  public ProcMountTable() {
    this(Path.of("/proc/self/mountinfo"));
  }

  public ProcMountTable(Path mountInfo) {
    this.mountInfo = mountInfo;
  }

  @Override
  public List<Path> mountsUnder(Path directory) throws IOException {
    Path base = directory.toAbsolutePath().normalize();
    List<Path> found = new ArrayList<>();
    for (String line : Files.readAllLines(mountInfo, StandardCharsets.UTF_8)) {
      Path point = mountPoint(line);
      if (point != null && point.startsWith(base)) {
        found.add(point);
      }
    }
    // Deepest first; among equal depths, the later mount (on top) first.
    List<Path> ordered = new ArrayList<>();
    for (int i = found.size() - 1; i >= 0; i--) {
      ordered.add(found.get(i));
    }
    ordered.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return ordered;
  }

  /** Field 5 of a mountinfo line, with the kernel's octal escapes undone. */
  static Path mountPoint(String line) {
    String[] fields = line.split(" ");
    if (fields.length < 5) {
      return null;
    }
    return Path.of(unescape(fields[4]));
  }

  static String unescape(String field) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }
}

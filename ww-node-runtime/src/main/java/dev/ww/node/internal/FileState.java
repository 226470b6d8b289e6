package dev.ww.node.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code wwgetfiles} has placed, per file id: type, mode, owner, etag, what identifies the
 * placed file on disk and its path, one line each ({@code placed <id> <type><mode> <uid> <gid>
 * <etag> <check> <path>}, the path percent-encoded as in the file list). A listed file whose record matches is skipped; a record whose id is no
 * longer listed (or whose path moved) names what to remove. Written atomically; a missing file,
 * or one this version cannot read (an older format), just means "nothing placed yet", so the
 * next run places every listed file again and removes nothing.
 */
public final class FileState {

  static final String HEADER = "# wwgetfiles: what was placed; do not edit";

  /**
   * One placed file, as its list entry said, and {@code check}: what {@link FilePlacer#place}
   * returned (the content's SHA-256, the link target's SHA-256, {@code MAJOR:MINOR} or
   * {@code -}).
   */
  public record Placed(char type, int mode, int uid, int gid, String etag, String check, String path) {
    public Placed {
      Objects.requireNonNull(etag, "etag");
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(path, "path");
      if (check.isEmpty() || check.indexOf(' ') >= 0 || check.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("bad check value");
      }
    }

    public static Placed of(FileListEntry e, String check) {
      return new Placed(e.type(), e.mode(), e.uid(), e.gid(), e.etag(), check, e.path());
    }

    /** Whether {@code e} lists exactly what this record says was placed. */
    public boolean listedAs(FileListEntry e) {
      return type == e.type() && mode == e.mode() && uid == e.uid() && gid == e.gid()
          && etag.equals(e.etag()) && path.equals(e.path());
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

  private final Map<String, Placed> placed;
  private boolean changed;

  private FileState(Map<String, Placed> placed) {
    this.placed = placed;
  }

  public static FileState empty() {
    return new FileState(new TreeMap<>());
  }

  public static FileState load(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return empty();
    }
    FileState s = empty();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(" ");
      if (f.length != 8 || !f[0].equals("placed") || f[2].length() != 5) {
        return empty();
      }
      try {
        FileListEntry e = new FileListEntry(
            f[1], f[1], Integer.parseInt(f[3]), Integer.parseInt(f[4]), f[2].charAt(0),
            Integer.parseInt(f[2].substring(1), 8), 0, f[5], FileListEntry.decode(f[7]));
        s.placed.put(f[1], Placed.of(e, f[6]));
      } catch (IllegalArgumentException e) {
        return empty();
      }
    }
    return s;
  }

  /** The record of {@code id}, or null. */
  public Placed get(String id) {
    return placed.get(id);
  }

  /** Every id with a record. */
  public Set<String> ids() {
    return Set.copyOf(placed.keySet());
  }

  public void placed(String id, Placed p) {
    if (!p.equals(placed.put(id, p))) {
      changed = true;
    }
  }

  public void forget(String id) {
    if (placed.remove(id) != null) {
      changed = true;
    }
  }

  /** Whether anything changed since it was loaded (an idle run writes nothing). */
  public boolean changed() {
    return changed;
  }

  public void save(Path file) throws IOException {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Map.Entry<String, Placed> e : placed.entrySet()) {
      Placed p = e.getValue();
      b.append("placed ").append(e.getKey()).append(' ').append(p.type())
          .append(FileListEntry.octal4(p.mode())).append(' ').append(p.uid()).append(' ')
          .append(p.gid()).append(' ').append(p.etag()).append(' ').append(p.check()).append(' ')
          .append(FileListEntry.encode(p.path())).append('\n');
    }
    AtomicWrite.write(file, b.toString().getBytes(StandardCharsets.UTF_8), 0600);
    changed = false;
  }
}

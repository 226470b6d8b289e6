package dev.ww.bootstrap.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The content of an archive before it is written: paths (relative, {@code /}-separated, no
 * {@code .} or {@code ..}) mapped to entries. Adding an entry adds its missing parent
 * directories, and iteration is in path order, so every directory comes before its children.
 */
public final class ArchiveTree {

  /** Where a regular file's bytes come from; read only when the archive is written. */
  @FunctionalInterface
  public interface Content {
    byte[] read() throws IOException;

    static Content of(byte[] bytes) {
      byte[] copy = bytes.clone();
      return () -> copy;
    }

    static Content of(String text) {
      return of(text.getBytes(StandardCharsets.UTF_8));
    }

    static Content file(Path file) {
      return () -> Files.readAllBytes(file);
    }
  }

  /** One archive member. */
  public sealed interface Entry permits Directory, RegularFile, Symlink, CharDevice {
    int permissions();
  }

  public record Directory(int permissions) implements Entry {}

  public record RegularFile(int permissions, Content content) implements Entry {
    public RegularFile {
      Objects.requireNonNull(content, "content");
    }
  }

  public record Symlink(String target) implements Entry {
    public Symlink {
      Objects.requireNonNull(target, "target");
    }

    @Override
    public int permissions() {
      return 0777;
    }
  }

  public record CharDevice(int permissions, int major, int minor) implements Entry {}

  private final TreeMap<String, Entry> entries = new TreeMap<>();

  public ArchiveTree directory(String path, int permissions) {
    return put(path, new Directory(permissions));
  }

  public ArchiveTree file(String path, int permissions, Content content) {
    return put(path, new RegularFile(permissions, content));
  }

  public ArchiveTree symlink(String path, String target) {
    return put(path, new Symlink(target));
  }

  public ArchiveTree charDevice(String path, int permissions, int major, int minor) {
    return put(path, new CharDevice(permissions, major, minor));
  }

  /** The entries in archive order: sorted by path, parents before children. */
  public Map<String, Entry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  public Collection<String> paths() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  public boolean contains(String path) {
    return entries.containsKey(path);
  }

  private ArchiveTree put(String path, Entry entry) {
    String normalized = normalize(path);
    int slash = normalized.lastIndexOf('/');
    if (slash > 0) {
      String parent = normalized.substring(0, slash);
      Entry existing = entries.get(parent);
      if (existing == null) {
        directory(parent, 0755);
      } else if (!(existing instanceof Directory)) {
        throw new IllegalArgumentException(parent + " is not a directory, cannot hold " + normalized);
      }
    }
    Entry previous = entries.get(normalized);
    if (previous instanceof Directory && entry instanceof Directory) {
      entries.put(normalized, entry);
      return this;
    }
    if (previous instanceof Directory) {
      throw new IllegalArgumentException(normalized + " is a directory already");
    }
    entries.put(normalized, entry);
    return this;
  }

  static String normalize(String path) {
    String trimmed = path;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("an archive path must name something: '" + path + "'");
    }
    for (String part : trimmed.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("not a clean relative archive path: '" + path + "'");
      }
    }
    return trimmed;
  }
}

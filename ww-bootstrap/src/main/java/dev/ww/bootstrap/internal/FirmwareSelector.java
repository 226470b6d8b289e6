package dev.ww.bootstrap.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Chooses firmware files from {@code lib/firmware} of the root: every file the included
 * modules declare ({@code firmware=} in their modinfo), also when only a compressed copy
 * ({@code .xz}, {@code .zst}) exists, plus every file matching the configured globs. A glob
 * that names a directory takes the directory's whole content.
 */
public final class FirmwareSelector {

  private static final List<String> COMPRESSED_SUFFIXES = List.of("", ".xz", ".zst");

  /**
   * What was chosen.
   *
   * @param files relative firmware path (as stored, maybe compressed) to the host file
   * @param missing declared firmware that no file provides, as {@code module: name}
   * @param unmatchedGlobs configured globs that matched nothing
   */
  public record Selection(Map<String, Path> files, List<String> missing, List<String> unmatchedGlobs) {
    public Selection {
      files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
      missing = List.copyOf(missing);
      unmatchedGlobs = List.copyOf(unmatchedGlobs);
    }
  }

  /** Firmware a module declares, for the selector. */
  public record Declared(String module, List<String> firmware) {
    public Declared {
      firmware = List.copyOf(firmware);
    }
  }

  private final Path firmwareDir;

  /** @param firmwareDir the root's firmware directory, already resolved; it may not exist */
  public FirmwareSelector(Path firmwareDir) {
    this.firmwareDir = firmwareDir;
  }

  public Selection select(Collection<Declared> declared, List<String> globs) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    TreeSet<String> missing = new TreeSet<>();
    boolean exists = Files.isDirectory(firmwareDir);
    for (Declared module : declared) {
      for (String name : module.firmware()) {
        boolean found = false;
        if (exists && !name.contains("..") && !name.startsWith("/")) {
          for (String suffix : COMPRESSED_SUFFIXES) {
            Path candidate = firmwareDir.resolve(name + suffix);
            if (Files.isRegularFile(candidate) && inside(candidate)) {
              files.put(name + suffix, candidate);
              found = true;
            }
          }
        }
        if (!found) {
          missing.add(module.module() + ": " + name);
        }
      }
    }
    List<String> unmatched = new ArrayList<>();
    List<String> all = exists ? allFiles() : List.of();
    for (String glob : globs) {
      String pattern = glob.trim();
      if (pattern.isEmpty()) {
        continue;
      }
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      int before = files.size();
      boolean matched = false;
      for (String relative : all) {
        if (matchesOrUnder(matcher, relative)) {
          Path file = firmwareDir.resolve(relative);
          if (inside(file)) {
            files.put(relative, file);
            matched = true;
          }
        }
      }
      if (!matched && files.size() == before) {
        unmatched.add(pattern);
      }
    }
    return new Selection(files, new ArrayList<>(missing), unmatched);
  }

  /** The glob matches the file or one of its parent directories. */
  private static boolean matchesOrUnder(PathMatcher matcher, String relative) {
    Path path = Path.of(relative);
    for (Path current = path; current != null; current = current.getParent()) {
      if (matcher.matches(current)) {
        return true;
      }
    }
    return false;
  }

  private List<String> allFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(firmwareDir)) {
      return walk.filter(p -> Files.isRegularFile(p))
          .map(p -> firmwareDir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  /** A firmware symlink must not lead out of the firmware directory. */
  private boolean inside(Path file) {
    try {
      return file.toRealPath().startsWith(firmwareDir.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }
}

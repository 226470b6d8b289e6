package dev.ww.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Every host directory the engine touches. A layout is passed to whatever needs a path; nothing
 * in the engine reads a global location by itself, so a test or a second installation points
 * the whole engine elsewhere by building another layout.
 *
 * @param configDir configuration files ({@code warewulf.yaml}, {@code vnfs.conf}, ...)
 * @param stateDir persistent state (the embedded datastore, blobs, the TFTP tree)
 * @param cacheDir data that can be rebuilt (download caches, capsule caches)
 * @param tmpDir scratch space for work in progress; it must be on a filesystem that can hold a
 *     capsule
 */
public record Layout(Path configDir, Path stateDir, Path cacheDir, Path tmpDir) {

  /** Environment variable that overrides the configuration directory. */
  public static final String CONFIG_DIR_ENV = "WW_CONFIG_DIR";
  /** Environment variable that overrides the state directory. */
  public static final String STATE_DIR_ENV = "WW_STATE_DIR";

  public static final Path DEFAULT_CONFIG_DIR = Path.of("/etc/warewulf");
  public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/warewulf");

  public Layout {
    configDir = absolute(configDir, "configDir");
    stateDir = absolute(stateDir, "stateDir");
    cacheDir = absolute(cacheDir, "cacheDir");
    tmpDir = absolute(tmpDir, "tmpDir");
  }

  /**
   * A layout with the given configuration and state directories; cache and temporary
   * directories live under the state directory, so one directory holds a whole installation.
   */
  public static Layout of(Path configDir, Path stateDir) {
    Path state = absolute(stateDir, "stateDir");
    return new Layout(configDir, state, state.resolve("cache"), state.resolve("tmp"));
  }

  /** A self-contained layout under one directory: {@code root/etc} and {@code root/state}. */
  public static Layout under(Path root) {
    Path base = absolute(root, "root");
    return of(base.resolve("etc"), base.resolve("state"));
  }

  /** The system-wide layout: {@code /etc/warewulf} and {@code /var/lib/warewulf}. */
  public static Layout system() {
    return of(DEFAULT_CONFIG_DIR, DEFAULT_STATE_DIR);
  }

  /**
   * The layout named by {@value #CONFIG_DIR_ENV} and {@value #STATE_DIR_ENV} in the given
   * environment, falling back to the system layout for whichever is unset or empty.
   */
  public static Layout fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    return of(
        pathOrDefault(environment.get(CONFIG_DIR_ENV), DEFAULT_CONFIG_DIR),
        pathOrDefault(environment.get(STATE_DIR_ENV), DEFAULT_STATE_DIR));
  }

  /** A configuration file by its name relative to the configuration directory. */
  public Path configFile(String relativeName) {
    return inside(configDir, relativeName);
  }

  /** A path by its name relative to the state directory. */
  public Path statePath(String relativeName) {
    return inside(stateDir, relativeName);
  }

  private static Path inside(Path base, String relativeName) {
    Path candidate = base.resolve(relativeName).normalize();
    if (Path.of(relativeName).isAbsolute() || !candidate.startsWith(base)) {
      throw new IllegalArgumentException(
          "'" + relativeName + "' is not a relative name inside " + base);
    }
    return candidate;
  }

  private static Path pathOrDefault(String value, Path fallback) {
    return value == null || value.isBlank() ? fallback : Path.of(value);
  }

  private static Path absolute(Path path, String what) {
    Objects.requireNonNull(path, what);
    return path.toAbsolutePath().normalize();
  }
}

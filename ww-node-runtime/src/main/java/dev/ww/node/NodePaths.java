package dev.ww.node;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the node runtime finds and keeps things. Every path is injectable so that tests (and an
 * installer working on a new root) can use a directory of their own.
 *
 * @param root the node's root directory: files are placed below it ({@code /} on a node)
 * @param config the node configuration, shell {@code WWKEY='value'} lines
 *     ({@code ROOT/warewulf/config})
 * @param stateDir what the tools remember between runs: timestamps, etags, lock, partial
 *     downloads ({@code ROOT/warewulf/state})
 * @param cmdline the kernel command line with {@code ww*=} fallbacks ({@code /proc/cmdline})
 */
public record NodePaths(Path root, Path config, Path stateDir, Path cmdline) {

  public NodePaths {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(cmdline, "cmdline");
    root = root.toAbsolutePath().normalize();
    config = config.toAbsolutePath().normalize();
    stateDir = stateDir.toAbsolutePath().normalize();
    cmdline = cmdline.toAbsolutePath().normalize();
  }

  /** The defaults for a node whose root is {@code root}. */
  public static NodePaths under(Path root) {
    Path r = root.toAbsolutePath().normalize();
    return new NodePaths(
        r, r.resolve("warewulf/config"), r.resolve("warewulf/state"), Path.of("/proc/cmdline"));
  }

  public NodePaths withConfig(Path p) {
    return new NodePaths(root, p, stateDir, cmdline);
  }

  public NodePaths withStateDir(Path p) {
    return new NodePaths(root, config, p, cmdline);
  }

  public NodePaths withCmdline(Path p) {
    return new NodePaths(root, config, stateDir, p);
  }

  /** The lock that keeps two runs of a tool apart. */
  public Path lockFile(String tool) {
    return stateDir.resolve(tool + ".lock");
  }
}

package dev.ww.capsule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of one VNFS build, merged from the global {@code vnfs.conf}, the per-VNFS
 * {@code vnfs/<name>.conf} and the command line.
 *
 * @param chroot the tree to capture
 * @param output where to write the capsule file
 * @param excludes exclude patterns
 * @param excludeFiles files with one exclude pattern per line
 * @param hybridize hybridize patterns
 * @param hybridizeFiles files with one hybridize pattern per line
 * @param hybridPath the directory on the node that holds the full tree; {@code %{name}} stands
 *     for the VNFS name
 * @param compression the compression, when set
 */
public record VnfsConfig(
    Optional<Path> chroot,
    Optional<Path> output,
    List<String> excludes,
    List<Path> excludeFiles,
    List<String> hybridize,
    List<Path> hybridizeFiles,
    Optional<String> hybridPath,
    Optional<Compression> compression) {

  public VnfsConfig {
    Objects.requireNonNull(chroot, "chroot");
    Objects.requireNonNull(output, "output");
    excludes = List.copyOf(excludes);
    excludeFiles = List.copyOf(excludeFiles);
    hybridize = List.copyOf(hybridize);
    hybridizeFiles = List.copyOf(hybridizeFiles);
    Objects.requireNonNull(hybridPath, "hybridPath");
    Objects.requireNonNull(compression, "compression");
  }

  public static VnfsConfig empty() {
    return new VnfsConfig(
        Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), List.of(),
        Optional.empty(), Optional.empty());
  }

  /**
   * These settings with {@code later} on top: scalars that {@code later} sets replace these,
   * lists are appended.
   */
  public VnfsConfig with(VnfsConfig later) {
    return new VnfsConfig(
        later.chroot.or(() -> chroot),
        later.output.or(() -> output),
        concat(excludes, later.excludes),
        concat(excludeFiles, later.excludeFiles),
        concat(hybridize, later.hybridize),
        concat(hybridizeFiles, later.hybridizeFiles),
        later.hybridPath.or(() -> hybridPath),
        later.compression.or(() -> compression));
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> result = new ArrayList<>(first);
    result.addAll(second);
    return result;
  }
}

package dev.ww.chroot;

import dev.ww.core.os.ConfinedFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link DistributionFamily} gets to build one root.
 *
 * @param template the template being built
 * @param files the root, for every file Java writes into it
 * @param mirrors the mirrors to use (override, else the template's unless install images are given), possibly empty
 * @param imageTrees directories holding the unpacked install images, in the order given
 * @param verifySignatures whether package signatures are checked
 * @param packageCache where downloaded packages may be kept between builds
 * @param workDirectory a host directory outside the root for the build's own files; removed
 *     afterwards
 * @param host the host services
 */
public record BuildContext(
    ChrootTemplate template,
    ConfinedFiles files,
    List<String> mirrors,
    List<Path> imageTrees,
    boolean verifySignatures,
    Optional<Path> packageCache,
    Path workDirectory,
    HostServices host) {

  public BuildContext {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(files, "files");
    mirrors = List.copyOf(mirrors);
    imageTrees = List.copyOf(imageTrees);
    Objects.requireNonNull(packageCache, "packageCache");
    Objects.requireNonNull(workDirectory, "workDirectory");
    Objects.requireNonNull(host, "host");
  }

  /** The root directory on the host. */
  public Path root() {
    return files.root();
  }
}

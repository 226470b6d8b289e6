package dev.ww.chroot;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One root to build.
 *
 * @param templateName the template to build from
 * @param target the directory to build in
 * @param mirrors mirrors that replace the template's (empty: the family's mirror variable, then
 *     the template)
 * @param installImages ISO images to install from (all of them are used)
 * @param reuseExisting build into {@code target} even when it is not empty
 * @param skipSignatureCheck do not check package signatures
 * @param packageCache where downloaded packages are kept between builds, or empty for none
 */
public record BuildRequest(
    String templateName,
    Path target,
    List<String> mirrors,
    List<Path> installImages,
    boolean reuseExisting,
    boolean skipSignatureCheck,
    Optional<Path> packageCache) {

  public BuildRequest {
    Objects.requireNonNull(templateName, "templateName");
    Objects.requireNonNull(target, "target");
    mirrors = List.copyOf(mirrors);
    installImages = List.copyOf(installImages);
    Objects.requireNonNull(packageCache, "packageCache");
  }

  /** A fresh build with the template's mirrors. */
  public static BuildRequest of(String templateName, Path target) {
    return new BuildRequest(templateName, target, List.of(), List.of(), false, false, Optional.empty());
  }
}

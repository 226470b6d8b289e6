package dev.ww.chroot;

import dev.ww.chroot.internal.InstallImages;
import dev.ww.chroot.internal.PostBuildSteps;
import dev.ww.chroot.internal.RootFiles;
import dev.ww.chroot.internal.RootGuard;
import dev.ww.core.UserException;
import dev.ww.core.event.StepTimer;
import dev.ww.core.os.ConfinedFiles;
import dev.ww.core.os.Confinement;
import dev.ww.core.os.OsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a root from a template, as {@code wwmkchroot} does: checks the target, reads the
 * install images, lets the template's family install the packages, applies the post-build
 * configuration. A failed build of a new directory removes what it made; no mount is ever left
 * under the target.
 */
public final class ChrootBuilder {

  /** Comma-separated ISO images to install from. */
  public static final String INSTALL_ISO = "INSTALL_ISO";

  private final HostServices host;
  private final TemplateCatalog catalog;

  public ChrootBuilder(HostServices host, TemplateCatalog catalog) {
    this.host = host;
    this.catalog = catalog;
  }

  /** Builds the root and returns its path. */
  public Path build(BuildRequest request) throws IOException {
    ChrootTemplate template = catalog.template(request.templateName());
    DistributionFamily family = catalog.family(template);
    Path target = RootGuard.checkNotHostRoot(request.target());
    boolean created = prepareTarget(target, request.reuseExisting());
    target = target.toRealPath();
    RootGuard.checkNoEscapingLinks(target);
    List<Path> mountsBefore = host.mountTable().mountsUnder(target);
    Path work = Files.createTempDirectory(Files.createDirectories(host.layout().tmpDir()), "wwmkchroot-");
    boolean success = false;
    try (StepTimer total = host.events().time("Building " + template.name())) {
      List<Path> images = images(request);
      List<Path> trees = InstallImages.unpack(host, images, work);
      ConfinedFiles files = new ConfinedFiles(host.os(), target, Confinement.IN_ROOT);
      BuildContext context =
          new BuildContext(
              template,
              files,
              mirrors(request, family, template, !images.isEmpty()),
              trees,
              template.verifySignatures() && !request.skipSignatureCheck(),
              request.packageCache(),
              work,
              host);
      try (StepTimer timer = host.events().time("Installing packages")) {
        family.build(context);
      }
      try (StepTimer timer = host.events().time("Configuring the root")) {
        new PostBuildSteps(new RootFiles(files, host.os()), host, work).apply(template.postBuild(), family);
      }
      success = true;
      host.events().info("Built " + template.name() + " in " + target);
      return target;
    } finally {
      boolean mountsLeft = unmountLeftovers(target, mountsBefore);
      RootFiles.deleteTree(work);
      if (!success && created) {
        if (mountsLeft) {
          host.events().error("the partial root in " + target + " was kept: something is still mounted inside it");
        } else {
          host.events().info("Removing the partial root " + target);
          RootFiles.deleteTree(target);
        }
      }
    }
  }

  /** Creates the target or checks that it may be used; true when it was created. */
  private static boolean prepareTarget(Path target, boolean reuse) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(target)) {
      if (!Files.isDirectory(target)) {
        throw new UserException("'" + target + "' exists and is not a directory");
      }
      try (Stream<Path> entries = Files.list(target)) {
        if (entries.findAny().isPresent() && !reuse) {
          throw new UserException(
              "'" + target + "' is not empty; name a new or empty directory, or use --reuse to build into it anyway");
        }
      }
      return false;
    }
    Files.createDirectories(target);
    return true;
  }

  /**
   * The mirrors to build from: the request's, else the family's variable, else (unless install
   * images are given, which then are the only source) the template's.
   */
  private List<String> mirrors(
      BuildRequest request, DistributionFamily family, ChrootTemplate template, boolean fromImages) {
    if (!request.mirrors().isEmpty()) {
      return request.mirrors();
    }
    List<String> fromEnvironment = split(host.environment().get(family.mirrorVariable()));
    if (!fromEnvironment.isEmpty()) {
      return fromEnvironment;
    }
    return fromImages ? List.of() : template.mirrors();
  }

  private List<Path> images(BuildRequest request) {
    if (!request.installImages().isEmpty()) {
      return request.installImages();
    }
    return split(host.environment().get(INSTALL_ISO)).stream().map(Path::of).toList();
  }

  /** A comma-separated list, blanks dropped. */
  public static List<String> split(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Unmounts whatever the build left mounted under the target; true when something stays. */
  private boolean unmountLeftovers(Path target, List<Path> before) {
    try {
      List<Path> left = new ArrayList<>();
      for (Path point : host.mountTable().mountsUnder(target)) {
        if (before.contains(point)) {
          continue;
        }
        host.events().warn("unmounting " + point + ", left behind by the build");
        try {
          host.os().unmount(point, false);
        } catch (OsException busy) {
          try {
            host.os().unmount(point, true);
          } catch (OsException e) {
            left.add(point);
            host.events().error("cannot unmount " + point + ": " + e.getMessage());
          }
        }
      }
      return !left.isEmpty();
    } catch (IOException e) {
      host.events().error("cannot read the mount table: " + e.getMessage());
      return true;
    }
  }
}

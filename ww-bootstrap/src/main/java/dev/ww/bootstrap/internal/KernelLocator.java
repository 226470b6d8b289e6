package dev.ww.bootstrap.internal;

import dev.ww.core.UserException;
import dev.ww.core.os.ComponentWalkResolver;
import dev.ww.core.os.Confinement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a kernel inside a root (the host's {@code /} or a chroot): its module directory and its
 * image, looked up where distributions put it. Symlinks are followed as inside a chroot, so an
 * absolute link in the root never leads to the host's files.
 */
public final class KernelLocator {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.+-]+");

  /** Where a kernel's parts are on the host. */
  public record Kernel(String version, Path image, Path modulesDir) {}

  private KernelLocator() {}

  public static Kernel locate(Path root, String version, String prefix) throws IOException {
    checkName("kernel version", version);
    checkName("kernel prefix", prefix);
    if (!Files.isDirectory(root)) {
      throw new UserException("The root " + root + " is not a directory");
    }
    Path modules = resolve(root, "lib/modules/" + version);
    if (!Files.isDirectory(modules)) {
      Path usrModules = resolve(root, "usr/lib/modules/" + version);
      if (Files.isDirectory(usrModules)) {
        modules = usrModules;
      } else {
        throw new UserException(
            "Unknown kernel version '"
                + version
                + "': "
                + root.resolve("lib/modules/" + version)
                + " does not exist; kernels in this root: "
                + installed(root));
      }
    }
    List<String> candidates =
        List.of("boot/" + prefix + "-" + version, "lib/modules/" + version + "/" + prefix,
            "usr/lib/modules/" + version + "/" + prefix);
    List<String> looked = new ArrayList<>();
    for (String candidate : candidates) {
      Path image = resolve(root, candidate);
      looked.add(root.resolve(candidate).toString());
      if (Files.isRegularFile(image)) {
        return new Kernel(version, image, modules);
      }
    }
    throw new UserException(
        "Can't locate the boot kernel for " + version + ": looked at " + String.join(", ", looked)
            + " (choose another image name prefix with -k)");
  }

  /**
   * The root's only kernel: the one version under {@code lib/modules} (or {@code
   * usr/lib/modules}) that has an image; an error naming them when there are none or several.
   */
  public static String onlyVersion(Path root, String prefix) throws IOException {
    checkName("kernel prefix", prefix);
    if (!Files.isDirectory(root)) {
      throw new UserException("The root " + root + " is not a directory");
    }
    List<String> withImage = new ArrayList<>();
    for (String version : versions(root)) {
      if (!SAFE.matcher(version).matches()) {
        continue;
      }
      for (String candidate : List.of("boot/" + prefix + "-" + version, "lib/modules/" + version + "/" + prefix,
          "usr/lib/modules/" + version + "/" + prefix)) {
        if (Files.isRegularFile(resolve(root, candidate))) {
          withImage.add(version);
          break;
        }
      }
    }
    if (withImage.size() == 1) {
      return withImage.get(0);
    }
    if (withImage.isEmpty()) {
      throw new UserException("The root " + root + " holds no kernel: no lib/modules/VERSION with an image boot/"
          + prefix + "-VERSION (kernels without an image: " + installed(root) + ")");
    }
    throw new UserException("The root " + root + " holds several kernels (" + String.join(", ", withImage)
        + "): give the version to use");
  }

  private static String installed(Path root) throws IOException {
    List<String> versions = versions(root);
    return versions.isEmpty() ? "none" : String.join(", ", versions);
  }

  private static List<String> versions(Path root) throws IOException {
    List<String> versions = new ArrayList<>();
    for (String dir : List.of("lib/modules", "usr/lib/modules")) {
      Path modules = resolve(root, dir);
      if (Files.isDirectory(modules)) {
        try (Stream<Path> list = Files.list(modules)) {
          list.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .filter(v -> !versions.contains(v))
              .forEach(versions::add);
        }
      }
    }
    versions.sort(null);
    return versions;
  }

  static Path resolve(Path root, String path) {
    try {
      return ComponentWalkResolver.resolve(root, path, Confinement.IN_ROOT, true);
    } catch (RuntimeException e) {
      return root.resolve(path);
    }
  }

  static void checkName(String what, String value) {
    if (value == null || !SAFE.matcher(value).matches() || value.equals(".") || value.equals("..")) {
      throw new UserException(
          "Illegal characters in " + what + " '" + value + "': use letters, digits and _ . + -");
    }
  }
}

package dev.ww.chroot.internal;

import dev.ww.core.UserException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a root directory before the engine works on it: never the host's {@code /}, and no
 * symlink in the places where programs run from the host (debootstrap, dnf, rpm) write, that
 * would lead them out of the root.
 */
public final class RootGuard {

  /** Directories host-side package tools write into, besides the root's top level. */
  private static final List<String> WATCHED =
      List.of(
          "var/lib",
          "var/cache",
          "var/log",
          "var/lib/dpkg",
          "var/lib/rpm",
          "var/lib/dnf",
          "var/cache/apt",
          "var/cache/dnf",
          "var/cache/yum",
          "etc/apt",
          "etc/dnf",
          "etc/yum.repos.d",
          "usr",
          "usr/lib",
          "usr/sbin",
          "usr/bin");

  private RootGuard() {}

  /** The root as an absolute, normalized path, refusing the host's {@code /}. */
  public static Path checkNotHostRoot(Path root) throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    if (absolute.getNameCount() == 0
        || (Files.exists(absolute) && absolute.toRealPath().getNameCount() == 0)) {
      throw new UserException(
          "refusing to work on '" + root + "': it is the host's root directory; name a directory for the node root");
    }
    return absolute;
  }

  /**
   * Refuses a root in which a symlink at the top level or in a directory that host-side tools
   * write to points outside the root (as the host would follow it).
   */
  public static void checkNoEscapingLinks(Path root) throws IOException {
    Path base = root.toRealPath();
    checkEntriesOf(base, base);
    Path etc = base.resolve("etc");
    if (Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)) {
      checkEntriesOf(base, etc);
    }
    for (String name : WATCHED) {
      checkLink(base, base.resolve(name));
    }
  }

  private static void checkEntriesOf(Path base, Path directory) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        checkLink(base, entry);
      }
    }
  }

  private static void checkLink(Path base, Path entry) throws IOException {
    if (!Files.isSymbolicLink(entry)) {
      return;
    }
    Path target = Files.readSymbolicLink(entry);
    Path hostView = entry.getParent().resolve(target).normalize();
    Path real;
    try {
      real = hostView.toRealPath();
    } catch (IOException dangling) {
      real = hostView;
    }
    if (!real.startsWith(base) && Files.isDirectory(real)) {
      throw new UserException(
          "refusing to work on "
              + base
              + ": "
              + entry
              + " is a symbolic link to "
              + target
              + ", a directory outside the root that programs run from the host would"
              + " write into; replace the link with a directory");
    }
  }
}

package dev.ww.chroot.internal;

import dev.ww.chroot.HostServices;
import dev.ww.core.UserException;
import dev.ww.core.process.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes the content of install images (ISO 9660) readable without mounting them: each image
 * is unpacked into a directory of the build's work area with {@code bsdtar} (or {@code
 * xorriso}), so builds work where loop devices are unavailable and never leave a mount behind.
 */
public final class InstallImages {

  private InstallImages() {}

  /** Unpacks every image; returns the directories in the order given. */
  public static List<Path> unpack(HostServices host, List<Path> images, Path workDirectory)
      throws IOException {
    if (images.isEmpty()) {
      return List.of();
    }
    for (Path image : images) {
      if (!Files.isRegularFile(image)) {
        throw new UserException("INSTALL_ISO: cannot find the image '" + image + "' (or it is not a file)");
      }
    }
    ProgramLocator programs = new ProgramLocator(host.environment());
    List<Path> trees = new ArrayList<>();
    int index = 0;
    for (Path image : images) {
      Path tree = Files.createDirectories(workDirectory.resolve("image-" + index++));
      host.events().info("Reading install image " + image);
      var bsdtar = programs.find("bsdtar");
      if (bsdtar.isPresent()) {
        Commands.run(
            host,
            Command.of(bsdtar.get().toString(), "-x", "-f", image.toAbsolutePath().toString(), "-C", tree.toString()));
      } else {
        Path xorriso =
            programs.require("xorriso", "libarchive-tools (bsdtar) or xorriso", "to read INSTALL_ISO images");
        Commands.run(
            host,
            Command.of(xorriso.toString(), "-osirrox", "on", "-indev", image.toAbsolutePath().toString(),
                "-extract", "/", tree.toString()));
      }
      makeWritable(tree);
      trees.add(tree);
    }
    return trees;
  }

  /** Directories on the images that hold package repository metadata ({@code repodata}). */
  public static List<Path> repositories(List<Path> trees) throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path tree : trees) {
      try (Stream<Path> walk = Files.walk(tree, 3)) {
        walk.filter(p -> p.getFileName().toString().equals("repodata") && Files.isRegularFile(p.resolve("repomd.xml")))
            .map(Path::getParent)
            .sorted()
            .forEach(found::add);
      }
    }
    return found;
  }

  /** Directories on the images that are Debian archives (hold {@code dists/}). */
  public static List<Path> debianArchives(List<Path> trees) {
    return trees.stream().filter(tree -> Files.isDirectory(tree.resolve("dists"))).toList();
  }

  private static void makeWritable(Path tree) throws IOException {
    // Image content is read-only; the work area is deleted afterwards.
    try (Stream<Path> walk = Files.walk(tree)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          path.toFile().setWritable(true, true);
        }
      }
    }
  }
}

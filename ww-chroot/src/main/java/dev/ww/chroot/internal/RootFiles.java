package dev.ww.chroot.internal;

import dev.ww.core.os.ConfinedFiles;
import dev.ww.core.os.LinuxOs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The file operations the engine performs inside a root, all through {@link ConfinedFiles}
 * ({@code IN_ROOT} confinement): a symlink in the root, however hostile, is resolved inside the
 * root and never leads a write, a delete or a link outside it.
 */
public final class RootFiles {

  private final ConfinedFiles files;
  private final LinuxOs os;

  public RootFiles(ConfinedFiles files, LinuxOs os) {
    this.files = files;
    this.os = os;
  }

  public Path root() {
    return files.root();
  }

  public ConfinedFiles confined() {
    return files;
  }

  /** Writes a whole file with the given permissions ({@code "rw-r--r--"}). */
  public Path write(String path, String content, String permissions) throws IOException {
    Path written = files.write(path, content.getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(written, PosixFilePermissions.fromString(permissions));
    return written;
  }

  /**
   * Replaces an existing file's content, keeping its permissions, owner and group (for {@code
   * /etc/shadow} and the like).
   */
  public void rewrite(String path, String content) throws IOException {
    Path current = files.resolveFollowing(path);
    PosixFileAttributes before =
        Files.readAttributes(current, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    int uid = (Integer) Files.getAttribute(current, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(current, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    Path written = files.write(files.root().relativize(current).toString(), content.getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(written, before.permissions());
    os.lchown(written, uid, gid);
  }

  /** The content of a regular file in the root, or empty when there is none. */
  public Optional<String> read(String path) throws IOException {
    Path resolved;
    try {
      resolved = files.resolveFollowing(path);
    } catch (dev.ww.core.os.OsException missingParent) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(resolved, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(Files.readString(resolved, StandardCharsets.UTF_8));
  }

  /** Whether something exists at {@code path} (following symlinks inside the root). */
  public boolean exists(String path) {
    try {
      return Files.exists(files.resolveFollowing(path), LinkOption.NOFOLLOW_LINKS);
    } catch (dev.ww.core.os.OsException missingParent) {
      return false;
    }
  }

  /** Whether {@code path} is a regular file (following symlinks inside the root). */
  public boolean isFile(String path) {
    try {
      return Files.isRegularFile(files.resolveFollowing(path), LinkOption.NOFOLLOW_LINKS);
    } catch (dev.ww.core.os.OsException missingParent) {
      return false;
    }
  }

  /** Creates (or replaces) a symlink at {@code path} pointing to {@code target}. */
  public void symlink(String path, String target) throws IOException {
    Path link = files.resolve(path);
    files.createDirectories(files.root().relativize(link.getParent()).toString());
    Path again = files.resolve(path);
    Files.deleteIfExists(again);
    Files.createSymbolicLink(again, Path.of(target));
  }

  /** Creates a directory and its parents inside the root. */
  public Path createDirectories(String path) throws IOException {
    return files.createDirectories(path);
  }

  /** Deletes {@code path} itself (a symlink is removed, never followed); true if it existed. */
  public boolean delete(String path) throws IOException {
    Path target;
    try {
      target = files.resolve(path);
    } catch (dev.ww.core.os.OsException missingParent) {
      return false;
    }
    if (target.equals(files.root())) {
      throw new IOException("refusing to delete the root itself: " + files.root());
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(target);
      return true;
    }
    return Files.deleteIfExists(target);
  }

  /** Moves {@code from} to {@code to}, both in the same directory of the root. */
  public void rename(String from, String to) throws IOException {
    Path source = files.resolve(from);
    Path target = files.resolve(to);
    Files.move(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Deletes the entries of a directory whose names match, recursively for directories; symlinks
   * are removed, never followed.
   *
   * @return how many entries were deleted
   */
  public int deleteEntries(String directory, Predicate<String> names) throws IOException {
    Path dir;
    try {
      dir = files.resolveFollowing(directory);
    } catch (dev.ww.core.os.OsException missingParent) {
      return 0;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    int count = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (names.test(entry.getFileName().toString())) {
          if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(entry);
          } else {
            Files.delete(entry);
          }
          count++;
        }
      }
    }
    return count;
  }

  /** Deletes a host directory tree without following symlinks. */
  public static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        directory,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}

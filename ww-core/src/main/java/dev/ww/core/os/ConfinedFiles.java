package dev.ww.core.os;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * File operations inside a root directory that never leave it, built on {@link
 * LinuxOs#resolveConfined}. Whatever writes into a chroot or unpacks an archive goes through
 * here.
 */
public final class ConfinedFiles {

  private final LinuxOs os;
  private final Path root;
  private final Confinement confinement;

  public ConfinedFiles(LinuxOs os, Path root, Confinement confinement) {
    this.os = os;
    this.root = root.toAbsolutePath().normalize();
    this.confinement = confinement;
  }

  public Path root() {
    return root;
  }

  /**
   * The host path for {@code path} inside the root; a symlink in the last component is not
   * followed (the result names the link).
   */
  public Path resolve(String path) {
    return os.resolveConfined(root, path, confinement, false);
  }

  /** Like {@link #resolve}, following a symlink in the last component too. */
  public Path resolveFollowing(String path) {
    return os.resolveConfined(root, path, confinement, true);
  }

  /**
   * Creates a directory and its missing parents inside the root, following existing symlinks
   * only within the root.
   *
   * @return the host path of the directory
   */
  public Path createDirectories(String path) throws IOException {
    List<String> names = ComponentWalkResolver.components(path);
    StringBuilder prefix = new StringBuilder();
    Path current = root;
    for (String name : names) {
      prefix.append('/').append(name);
      current = os.resolveConfined(root, prefix.toString(), confinement, true);
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(current);
        } catch (FileAlreadyExistsException raced) {
          // created meanwhile by someone else; checked below
        }
      }
      if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            "cannot create directory '" + path + "' inside " + root + ": '" + current
                + "' exists and is not a directory");
      }
    }
    return current;
  }

  /**
   * Writes a whole file inside the root (parents created), atomically: the content goes to a
   * temporary file in the same directory that is then renamed over the target. A symlink at
   * the target is replaced, never followed.
   */
  public Path write(String path, byte[] content) throws IOException {
    List<String> names = ComponentWalkResolver.components(path);
    if (names.isEmpty()) {
      throw new IOException("cannot write to the root directory itself: " + root);
    }
    createDirectories(String.join("/", names.subList(0, names.size() - 1)));
    Path target = resolve(path);
    Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".ww-tmp");
    try {
      Files.write(temporary, content);
      Files.move(
          temporary,
          target,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return target;
  }
}

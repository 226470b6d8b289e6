package dev.ww.node.internal;

import dev.ww.node.FileRemoval;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Removes a file that {@code wwgetfiles} placed earlier and that is no longer listed for the
 * node, but only while it is still what was placed: the same type and, for a regular file, the
 * same content (SHA-256), for a symlink the same target, for a device the same numbers. A
 * directory is removed only when it is empty. Anything else is kept, with the reason. The path
 * is resolved like a placed one: a parent that is a symlink leading out of the root stops it.
 */
public final class FileRemover {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path root;
  private final Path realRoot;
  private final Set<Path> changedDirectories = new LinkedHashSet<>();

  public FileRemover(Path root) throws IOException {
    this.root = root;
    this.realRoot = root.toRealPath();
  }

  /** Removes what {@code p} says was placed for {@code id}, if it is still that. */
  public FileRemoval remove(String id, FileState.Placed p) throws IOException {
    Path rel = Path.of(p.relativePath()).normalize();
    if (rel.getFileName() == null || rel.toString().isEmpty()) {
      return new FileRemoval(id, p.path(), FileRemoval.Outcome.KEPT, "it is the root");
    }
    Path parent = realRoot;
    for (int i = 0; i < rel.getNameCount() - 1; i++) {
      Path next = parent.resolve(rel.getName(i).toString());
      if (Files.isSymbolicLink(next)) {
        next = next.toRealPath();
        if (!next.startsWith(realRoot)) {
          return new FileRemoval(
              id, p.path(), FileRemoval.Outcome.KEPT, "a parent is a symlink that leads outside " + root);
        }
      }
      if (!Files.isDirectory(next, NOFOLLOW)) {
        return new FileRemoval(id, p.path(), FileRemoval.Outcome.GONE, "");
      }
      parent = next;
    }
    Path target = parent.resolve(rel.getFileName().toString());
    char type = FilePlacer.typeLetter(target);
    if (type == 0) {
      return new FileRemoval(id, p.path(), FileRemoval.Outcome.GONE, "");
    }
    if (type != p.type()) {
      return new FileRemoval(id, p.path(), FileRemoval.Outcome.KEPT,
          "it is now a " + typeName(type) + ", not the " + typeName(p.type()) + " placed");
    }
    String now = switch (type) {
      case '-' -> sha256Of(target);
      case 'l' -> FilePlacer.linkCheck(Files.readSymbolicLink(target).toString());
      case 'c', 'b' -> deviceNumbers(target);
      default -> "-";
    };
    if (!now.equals(p.check())) {
      return new FileRemoval(
          id, p.path(), FileRemoval.Outcome.KEPT, "it was changed on this node since it was placed");
    }
    if (type == 'd' && !Files.getAttribute(target, "unix:dev", NOFOLLOW)
        .equals(Files.getAttribute(parent, "unix:dev", NOFOLLOW))) {
      return new FileRemoval(id, p.path(), FileRemoval.Outcome.KEPT, "it is a mount point");
    }
    try {
      Files.delete(target);
    } catch (DirectoryNotEmptyException e) {
      return new FileRemoval(
          id, p.path(), FileRemoval.Outcome.KEPT, "it is a directory that is not empty");
    }
    changedDirectories.add(parent);
    return new FileRemoval(id, p.path(), FileRemoval.Outcome.REMOVED, "");
  }

  /** Makes the removals durable: one {@code fsync} per directory that changed. */
  public void syncDirectories() throws IOException {
    for (Path d : changedDirectories) {
      AtomicWrite.syncDirectory(d);
    }
    changedDirectories.clear();
  }

  static String typeName(char type) {
    return switch (type) {
      case '-' -> "regular file";
      case 'd' -> "directory";
      case 'l' -> "symlink";
      case 'c' -> "character device";
      case 'b' -> "block device";
      case 'p' -> "fifo";
      default -> "socket";
    };
  }

  private static String deviceNumbers(Path p) throws IOException {
    long rdev = (Long) Files.getAttribute(p, "unix:rdev", NOFOLLOW);
    long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    return major + ":" + minor;
  }

  private static String sha256Of(Path file) throws IOException {
    MessageDigest md = FilePlacer.sha256();
    try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}

package dev.ww.core.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Confined path resolution done one component at a time in Java, reading each symlink and
 * applying it inside the root. Used where the kernel lacks {@code openat2(2)} and by {@link
 * FakeLinuxOs}; it gives the same answers as the kernel's {@code RESOLVE_IN_ROOT} and {@code
 * RESOLVE_BENEATH}.
 */
public final class ComponentWalkResolver {

  /** The most symlinks one resolution may follow, as the kernel's limit. */
  static final int MAX_SYMLINKS = 40;

  private ComponentWalkResolver() {}

  public static Path resolve(Path root, String path, Confinement confinement, boolean followLast) {
    Path base = root.toAbsolutePath().normalize();
    String operation = "resolve '" + path + "' inside " + base;
    Deque<String> pending = new ArrayDeque<>(components(path));
    List<String> resolved = new ArrayList<>();
    int symlinks = 0;
    while (!pending.isEmpty()) {
      String name = pending.pollFirst();
      boolean last = pending.isEmpty();
      if (name.equals("..")) {
        if (resolved.isEmpty()) {
          if (confinement == Confinement.BENEATH) {
            throw new ConfinementException(operation);
          }
        } else {
          resolved.remove(resolved.size() - 1);
        }
        continue;
      }
      Path candidate = join(base, resolved).resolve(name);
      BasicFileAttributes attributes = lstat(candidate, operation);
      if (attributes == null) {
        if (!last) {
          throw new OsException(
              operation + ": '" + join(base, resolved).resolve(name) + "' does not exist",
              Errno.ENOENT,
              "No such file or directory");
        }
        resolved.add(name);
        continue;
      }
      if (attributes.isSymbolicLink() && (!last || followLast)) {
        if (++symlinks > MAX_SYMLINKS) {
          throw new OsException(operation, Errno.ELOOP, "Too many levels of symbolic links");
        }
        String target = readLink(candidate, operation);
        if (target.startsWith("/")) {
          if (confinement == Confinement.BENEATH) {
            throw new ConfinementException(
                operation + ": '" + candidate + "' is an absolute symlink to '" + target + "'");
          }
          resolved.clear();
        }
        List<String> targetParts = components(target);
        for (int i = targetParts.size() - 1; i >= 0; i--) {
          pending.addFirst(targetParts.get(i));
        }
        continue;
      }
      if (!last && !attributes.isDirectory()) {
        throw new OsException(
            operation + ": '" + candidate + "' is not a directory",
            Errno.ENOTDIR,
            "Not a directory");
      }
      resolved.add(name);
    }
    return join(base, resolved);
  }

  /** The names in a path, without empty and {@code .} components. */
  static List<String> components(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return parts;
  }

  private static Path join(Path base, List<String> names) {
    Path result = base;
    for (String name : names) {
      result = result.resolve(name);
    }
    return result;
  }

  private static BasicFileAttributes lstat(Path candidate, String operation) {
    try {
      return Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new OsException(operation + ": " + e.getMessage(), Errno.EIO, "Input/output error");
    }
  }

  private static String readLink(Path link, String operation) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new OsException(operation + ": " + e.getMessage(), Errno.EIO, "Input/output error");
    }
  }
}

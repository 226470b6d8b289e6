package dev.ww.core.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link LinuxOs} for unit tests that need no root and change nothing on the host beyond
 * plain files. Mounts, owners, symlink times, device numbers and extended attributes are kept
 * in memory where a test can read them; {@link #mknod} leaves an empty regular file as a
 * placeholder. Confined resolution is real ({@link ComponentWalkResolver}) on real files.
 */
public final class FakeLinuxOs implements LinuxOs {

  /** A mount the fake "made". */
  public record Mount(String source, Path target, String fsType, Set<MountFlag> flags) {}

  /** A device node or fifo the fake "made". */
  public record Node(NodeType type, int permissions, int major, int minor) {}

  /** Owner and group the fake "set". */
  public record Owner(int uid, int gid) {}

  private final List<Mount> mounts = new ArrayList<>();
  private final Map<Path, Node> nodes = new HashMap<>();
  private final Map<Path, Owner> owners = new HashMap<>();
  private final Map<Path, Instant> modifiedTimes = new HashMap<>();
  private final Map<Path, Map<String, byte[]>> xattrs = new HashMap<>();

  @Override
  public synchronized void mount(
      String source, Path target, String fsType, Set<MountFlag> flags, String data) {
    if (!Files.isDirectory(target)) {
      throw new OsException("mount " + source + " on " + target, Errno.ENOENT, "No such file or directory");
    }
    mounts.add(new Mount(source, key(target), fsType, Set.copyOf(flags)));
  }

  @Override
  public synchronized void unmount(Path target, boolean lazy) {
    Path key = key(target);
    for (int i = mounts.size() - 1; i >= 0; i--) {
      if (mounts.get(i).target().equals(key)) {
        mounts.remove(i);
        return;
      }
    }
    throw new OsException("unmount " + target, Errno.EINVAL, "Invalid argument");
  }

  @Override
  public synchronized void mknod(Path path, NodeType type, int permissions, int major, int minor) {
    try {
      Files.createFile(path);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new OsException("mknod " + path, Errno.EEXIST, "File exists");
    } catch (IOException e) {
      throw new OsException("mknod " + path + ": " + e.getMessage(), Errno.ENOENT, "No such file or directory");
    }
    nodes.put(key(path), new Node(type, permissions, major, minor));
  }

  @Override
  public synchronized void lchown(Path path, int uid, int gid) {
    requireExists(path, "lchown");
    Owner old = owners.getOrDefault(key(path), new Owner(0, 0));
    owners.put(key(path), new Owner(uid == -1 ? old.uid() : uid, gid == -1 ? old.gid() : gid));
  }

  @Override
  public synchronized void setTimesNoFollow(Path path, Instant accessed, Instant modified) {
    requireExists(path, "utimensat");
    modifiedTimes.put(key(path), modified);
  }

  @Override
  public synchronized Optional<byte[]> getXattr(Path path, String name) {
    requireExists(path, "lgetxattr");
    byte[] value = xattrs.getOrDefault(key(path), Map.of()).get(name);
    return Optional.ofNullable(value).map(byte[]::clone);
  }

  @Override
  public synchronized List<String> listXattrs(Path path) {
    requireExists(path, "llistxattr");
    return List.copyOf(xattrs.getOrDefault(key(path), Map.of()).keySet());
  }

  @Override
  public synchronized void setXattr(Path path, String name, byte[] value) {
    requireExists(path, "lsetxattr");
    if (!name.contains(".")) {
      throw new OsException("lsetxattr " + path + " " + name, Errno.EOPNOTSUPP, "Operation not supported");
    }
    xattrs.computeIfAbsent(key(path), k -> new LinkedHashMap<>()).put(name, value.clone());
  }

  @Override
  public synchronized void removeXattr(Path path, String name) {
    requireExists(path, "lremovexattr");
    Map<String, byte[]> values = xattrs.get(key(path));
    if (values == null || values.remove(name) == null) {
      throw new OsException("lremovexattr " + path + " " + name, Errno.ENODATA, "No data available");
    }
  }

  @Override
  public Path resolveConfined(Path root, String path, Confinement confinement, boolean followLast) {
    return ComponentWalkResolver.resolve(root, path, confinement, followLast);
  }

  /** Mounts still in place, oldest first. */
  public synchronized List<Mount> mounts() {
    return List.copyOf(mounts);
  }

  public synchronized Optional<Node> node(Path path) {
    return Optional.ofNullable(nodes.get(key(path)));
  }

  public synchronized Optional<Owner> owner(Path path) {
    return Optional.ofNullable(owners.get(key(path)));
  }

  public synchronized Optional<Instant> modifiedTime(Path path) {
    return Optional.ofNullable(modifiedTimes.get(key(path)));
  }

  private static Path key(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private static void requireExists(Path path, String call) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new OsException(call + " " + path, Errno.ENOENT, "No such file or directory");
    }
  }
}

package dev.ww.core.os;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Linux calls the engine makes that the JDK does not offer. Every mount, device node,
 * ownership change, symlink timestamp and extended attribute goes through here, so that unit
 * tests can use {@link FakeLinuxOs}; {@link JnaLinuxOs} makes the real calls.
 *
 * <p>Every method that takes a path acts on that path itself, never on the target of a
 * symlink at its end. Failures are {@link OsException}s carrying the errno.
 */
public interface LinuxOs {

  /** {@code mount(2)}: mounts {@code source} of type {@code fsType} on {@code target}. */
  void mount(String source, Path target, String fsType, Set<MountFlag> flags, String data);

  /** Makes {@code source} visible at {@code target} as well (with its submounts if recursive). */
  default void bindMount(Path source, Path target, boolean recursive) {
    mount(
        source.toString(),
        target,
        "none",
        recursive ? Set.of(MountFlag.BIND, MountFlag.RECURSIVE) : Set.of(MountFlag.BIND),
        null);
  }

  /**
   * {@code umount2(2)}. A lazy unmount detaches the mount now and finishes when it is no longer
   * busy.
   */
  void unmount(Path target, boolean lazy);

  /**
   * {@code mknod(2)}: creates a device node or a fifo with exactly the given permissions (the
   * process umask does not apply).
   *
   * @param permissions permission bits including setuid/setgid/sticky ({@code 07777})
   * @param major device major number (ignored for a fifo)
   * @param minor device minor number (ignored for a fifo)
   */
  void mknod(Path path, NodeType type, int permissions, int major, int minor);

  /** {@code lchown(2)}: sets owner and group of the path itself; -1 leaves one unchanged. */
  void lchown(Path path, int uid, int gid);

  /**
   * {@code utimensat(2)} with {@code AT_SYMLINK_NOFOLLOW}: sets access and modification time of
   * the path itself, also when it is a symlink.
   */
  void setTimesNoFollow(Path path, Instant accessed, Instant modified);

  /** {@code lgetxattr(2)}: one extended attribute, or empty when the path does not have it. */
  Optional<byte[]> getXattr(Path path, String name);

  /** {@code llistxattr(2)}: the names of the path's extended attributes, in kernel order. */
  List<String> listXattrs(Path path);

  /** {@code lsetxattr(2)}: creates or replaces an extended attribute. */
  void setXattr(Path path, String name, byte[] value);

  /** {@code lremovexattr(2)}. */
  void removeXattr(Path path, String name);

  /**
   * Resolves {@code path} inside {@code root}, following symlinks the way {@code confinement}
   * says, and returns the host path it leads to, which is always inside {@code root}. Every
   * directory on the way must exist; the last component need not.
   *
   * @param path a path relative to the root (a leading {@code /} means the root)
   * @param followLast whether a symlink in the last component is followed; when false the
   *     result names the link itself
   * @throws ConfinementException when {@code confinement} is {@link Confinement#BENEATH} and the
   *     path leads out of the root
   */
  Path resolveConfined(Path root, String path, Confinement confinement, boolean followLast);
}

package dev.ww.capsule;

import java.util.Objects;

/**
 * One entry of a capsule as listed.
 *
 * @param name the name in the archive; bytes that are not UTF-8 are shown as {@code \xNN}
 * @param type what kind of file
 * @param permissions permission bits including setuid, setgid and sticky ({@code 07777})
 * @param uid owner
 * @param gid group
 * @param mtime modification time, seconds since the epoch
 * @param size data size stored in the archive (0 for all but the first of a hard-link group)
 * @param inode the archive's inode number (shared by a hard-link group)
 * @param nlink link count in the archive
 * @param deviceMajor major number of a device
 * @param deviceMinor minor number of a device
 * @param linkTarget the target of a symlink, else empty
 */
public record CapsuleEntry(
    String name,
    Type type,
    int permissions,
    long uid,
    long gid,
    long mtime,
    long size,
    long inode,
    long nlink,
    long deviceMajor,
    long deviceMinor,
    String linkTarget) {

  /** Kinds of entries. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    CHARACTER_DEVICE,
    BLOCK_DEVICE,
    FIFO,
    SOCKET
  }

  public CapsuleEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(linkTarget, "linkTarget");
  }
}

package dev.ww.capsule.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * One entry of the archive to write, as found in the tree (or made up, for hybrid symlinks and
 * the attribute manifest). Mutable only for the numbering the plan assigns.
 */
public final class ScannedEntry {

  final byte[] name;
  final Path host;
  final int mode;
  final long uid;
  final long gid;
  final long size;
  final long mtime;
  final long rdev;
  final long device;
  final long hostInode;
  final int hostLinks;
  final byte[] content;
  final List<Xattr> xattrs;
  /** Modification and status-change times in nanoseconds, for deciding what a rebuild may reuse. */
  final long mtimeNanos;
  final long ctimeNanos;
  long inode;
  long nlink;
  boolean carriesData = true;

  ScannedEntry(
      byte[] name, Path host, int mode, long uid, long gid, long size, long mtime, long rdev,
      long device, long hostInode, int hostLinks, byte[] content, List<Xattr> xattrs,
      long mtimeNanos, long ctimeNanos) {
    this.name = name;
    this.host = host;
    this.mode = mode;
    this.uid = uid;
    this.gid = gid;
    this.size = size;
    this.mtime = mtime;
    this.rdev = rdev;
    this.device = device;
    this.hostInode = hostInode;
    this.hostLinks = hostLinks;
    this.content = content;
    this.xattrs = List.copyOf(xattrs);
    this.mtimeNanos = mtimeNanos;
    this.ctimeNanos = ctimeNanos;
  }

  /** An entry whose data is given (symlink target or generated file). */
  static ScannedEntry synthetic(byte[] name, int mode, long mtime, byte[] content) {
    return new ScannedEntry(
        name, null, mode, 0, 0, content.length, mtime, 0, -1, -1, 1, content, List.of(), 0, 0);
  }

  /** The {@code TRAILER!!!} entry that ends every archive. */
  static ScannedEntry trailer() {
    ScannedEntry trailer =
        new ScannedEntry(
            Newc.TRAILER.getBytes(java.nio.charset.StandardCharsets.US_ASCII), null, 0, 0, 0, 0, 0,
            0, -1, -1, 1, null, List.of(), 0, 0);
    trailer.inode = 0;
    trailer.nlink = 1;
    return trailer;
  }

  int type() {
    return mode & Newc.S_IFMT;
  }

  boolean isDirectory() {
    return type() == Newc.S_IFDIR;
  }

  boolean isRegular() {
    return type() == Newc.S_IFREG;
  }

  long rdevMajor() {
    return ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & ~0xfffL & 0xFFFF_FFFFL);
  }

  long rdevMinor() {
    return (rdev & 0xffL) | ((rdev >>> 12) & ~0xffL & 0xFFFF_FFFFL);
  }

  /** True when the entry's data comes from its file in the tree (not given inline). */
  boolean dataFromFile() {
    return content == null && isRegular() && carriesData && size > 0;
  }

  /** Bytes of data the archive holds for this entry. */
  long storedSize() {
    return isRegular() ? (carriesData ? size : 0) : (content == null ? 0 : content.length);
  }

  /** Bytes of the header, the name, its NUL and the padding after it. */
  int headerLength() {
    int length = Newc.HEADER_LENGTH + name.length + 1;
    return length + Newc.padding(length);
  }

  /** Bytes this entry takes in the archive: header, name, data and both paddings. */
  long recordLength() {
    long stored = storedSize();
    return headerLength() + stored + Newc.padding(stored);
  }

  NewcHeader header() {
    return new NewcHeader(
        name, inode, mode, uid, gid, nlink, mtime, storedSize(), 0, 0, rdevMajor(), rdevMinor());
  }
}

package dev.ww.capsule.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** The fields of one newc header; {@code name} holds the exact bytes, without the NUL. */
public record NewcHeader(
    byte[] name,
    long inode,
    int mode,
    long uid,
    long gid,
    long nlink,
    long mtime,
    long fileSize,
    long devMajor,
    long devMinor,
    long rdevMajor,
    long rdevMinor) {

  public NewcHeader {
    Objects.requireNonNull(name, "name");
    name = name.clone();
  }

  public int type() {
    return mode & Newc.S_IFMT;
  }

  public int permissions() {
    return mode & 07777;
  }

  public boolean isTrailer() {
    return Arrays.equals(name, Newc.TRAILER.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public byte[] name() {
    return name.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NewcHeader that
        && Arrays.equals(name, that.name)
        && inode == that.inode
        && mode == that.mode
        && uid == that.uid
        && gid == that.gid
        && nlink == that.nlink
        && mtime == that.mtime
        && fileSize == that.fileSize
        && devMajor == that.devMajor
        && devMinor == that.devMinor
        && rdevMajor == that.rdevMajor
        && rdevMinor == that.rdevMinor;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(name) * 31 + Long.hashCode(inode);
  }

  @Override
  public String toString() {
    return "NewcHeader[" + RawNames.display(name) + ", mode=" + Integer.toOctalString(mode)
        + ", size=" + fileSize + "]";
  }
}

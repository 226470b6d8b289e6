package dev.ww.capsule.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.ww.core.os.OsException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The few calls that must take file names as exact bytes, or that {@code LinuxOs} does not
 * offer: {@code readlink} (the JDK normalizes link targets), {@code symlink} with a byte target,
 * {@code chmod} with setuid/setgid/sticky bits, and attribute listing for names the JVM cannot
 * represent as strings.
 */
public final class NativeCalls {

  private static final int ENODATA = 61;
  private static final int ENOTSUP = 95;
  private static final int BUFFER = 65536;
  private static final int LINK_BUFFER = 4096;

  interface LibC extends Library {
    NativeLong readlink(byte[] path, byte[] buffer, NativeLong size) throws LastErrorException;

    int symlink(byte[] target, byte[] linkPath) throws LastErrorException;

    int chmod(byte[] path, int mode) throws LastErrorException;

    NativeLong llistxattr(byte[] path, byte[] list, NativeLong size) throws LastErrorException;

    NativeLong lgetxattr(byte[] path, byte[] name, byte[] value, NativeLong size)
        throws LastErrorException;

    String strerror(int errno);
  }

  private final LibC libc;

  private NativeCalls(LibC libc) {
    this.libc = libc;
  }

  public static NativeCalls load() {
    return new NativeCalls(Native.load("c", LibC.class));
  }

  public byte[] readlink(byte[] path) {
    // PATH_MAX first (Linux link targets are shorter); JNA copies the whole buffer in and out,
    // so a larger one would cost more than the call on a tree of many links
    byte[] name = cString(path);
    for (int size = LINK_BUFFER; ; size *= 16) {
      byte[] buffer = new byte[size];
      try {
        long length = libc.readlink(name, buffer, new NativeLong(buffer.length)).longValue();
        if (length < buffer.length) {
          return Arrays.copyOf(buffer, (int) length);
        }
      } catch (LastErrorException e) {
        throw failure("readlink " + RawNames.display(path), e);
      }
    }
  }

  public void symlink(byte[] target, byte[] linkPath) {
    try {
      libc.symlink(cString(target), cString(linkPath));
    } catch (LastErrorException e) {
      throw failure("symlink " + RawNames.display(linkPath), e);
    }
  }

  /** {@code chmod(2)} with all of {@code 07777}; never use it on a symlink. */
  public void chmod(byte[] path, int mode) {
    try {
      libc.chmod(cString(path), mode & 07777);
    } catch (LastErrorException e) {
      throw failure("chmod " + RawNames.display(path), e);
    }
  }

  public List<String> listXattrs(byte[] path) {
    byte[] buffer = new byte[BUFFER];
    long size;
    try {
      size = libc.llistxattr(cString(path), buffer, new NativeLong(buffer.length)).longValue();
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENOTSUP) {
        return List.of();
      }
      throw failure("list attributes of " + RawNames.display(path), e);
    }
    List<String> names = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < size; i++) {
      if (buffer[i] == 0) {
        if (i > start) {
          names.add(new String(buffer, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return names;
  }

  public Optional<byte[]> getXattr(byte[] path, String name) {
    byte[] buffer = new byte[BUFFER];
    try {
      long size =
          libc.lgetxattr(
                  cString(path),
                  cString(name.getBytes(StandardCharsets.UTF_8)),
                  buffer,
                  new NativeLong(buffer.length))
              .longValue();
      return Optional.of(Arrays.copyOf(buffer, (int) size));
    } catch (LastErrorException e) {
      if (e.getErrorCode() == ENODATA) {
        return Optional.empty();
      }
      throw failure("get attribute " + name + " of " + RawNames.display(path), e);
    }
  }

  private OsException failure(String operation, LastErrorException e) {
    String meaning;
    try {
      meaning = libc.strerror(e.getErrorCode());
    } catch (RuntimeException unavailable) {
      meaning = "error " + e.getErrorCode();
    }
    return new OsException(operation, e.getErrorCode(), meaning);
  }

  private static byte[] cString(byte[] bytes) {
    return Arrays.copyOf(bytes, bytes.length + 1);
  }
}

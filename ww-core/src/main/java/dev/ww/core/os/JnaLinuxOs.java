package dev.ww.core.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The real {@link LinuxOs}: glibc calls through JNA. Confined resolution uses {@code
 * openat2(2)} with {@code RESOLVE_IN_ROOT} or {@code RESOLVE_BENEATH} where the kernel has it
 * (5.6 and later) and {@link ComponentWalkResolver} where it does not.
 */
public final class JnaLinuxOs implements LinuxOs {

  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int MNT_DETACH = 2;
  private static final int O_RDONLY = 0;
  private static final int O_DIRECTORY = 0200000;
  private static final int O_NOFOLLOW = 0400000;
  private static final int O_CLOEXEC = 02000000;
  private static final int O_PATH = 010000000;
  private static final long RESOLVE_NO_MAGICLINKS = 0x02;
  private static final long RESOLVE_BENEATH = 0x08;
  private static final long RESOLVE_IN_ROOT = 0x10;
  /** {@code openat2} has number 437 on every architecture that has the generic table. */
  private static final long SYS_OPENAT2 = 437;

  /** The glibc functions this class calls. */
  interface LibC extends Library {
    int mount(byte[] source, byte[] target, byte[] fsType, NativeLong flags, byte[] data)
        throws LastErrorException;

    int umount2(byte[] target, int flags) throws LastErrorException;

    int mknod(byte[] path, int mode, long dev) throws LastErrorException;

    int lchown(byte[] path, int uid, int gid) throws LastErrorException;

    int chmod(byte[] path, int mode) throws LastErrorException;

    int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

    NativeLong lgetxattr(byte[] path, byte[] name, byte[] value, NativeLong size)
        throws LastErrorException;

    NativeLong llistxattr(byte[] path, byte[] list, NativeLong size) throws LastErrorException;

    int lsetxattr(byte[] path, byte[] name, byte[] value, NativeLong size, int flags)
        throws LastErrorException;

    int lremovexattr(byte[] path, byte[] name) throws LastErrorException;

    int open(byte[] path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    NativeLong readlink(byte[] path, byte[] buffer, NativeLong size) throws LastErrorException;

    NativeLong syscall(NativeLong number, Object... args) throws LastErrorException;

    String strerror(int errno);
  }

  private final LibC libc;
  private final Charset pathCharset;
  private final boolean useOpenat2;

  private JnaLinuxOs(LibC libc, boolean useOpenat2) {
    this.libc = libc;
    this.pathCharset = pathCharset();
    this.useOpenat2 = useOpenat2;
  }

  /**
   * Loads glibc. Confined resolution uses {@code openat2} if this kernel supports it.
   *
   * @throws OsException when this is not Linux or glibc cannot be loaded
   */
  public static JnaLinuxOs load() {
    JnaLinuxOs os = new JnaLinuxOs(loadLibC(), true);
    return os.openat2Works() ? os : new JnaLinuxOs(os.libc, false);
  }

  /** Like {@link #load()}, but always resolves confined paths in Java, as on old kernels. */
  public static JnaLinuxOs loadWithoutOpenat2() {
    return new JnaLinuxOs(loadLibC(), false);
  }

  /** Whether confined resolution uses the kernel's {@code openat2}. */
  public boolean usesOpenat2() {
    return useOpenat2;
  }

  private static LibC loadLibC() {
    if (!Platform.isLinux()) {
      throw new OsException("load the C library", Errno.ENOSYS, "ww needs Linux");
    }
    try {
      return Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError e) {
      throw new OsException("load the C library: " + e.getMessage(), Errno.ENOSYS, "not available");
    }
  }

  @Override
  public void mount(String source, Path target, String fsType, Set<MountFlag> flags, String data) {
    long bits = flags.stream().mapToLong(MountFlag::bits).reduce(0, (a, b) -> a | b);
    String operation = "mount " + source + " on " + target + " (type " + fsType + ")";
    call(
        operation,
        () ->
            libc.mount(
                cString(source),
                path(target),
                cString(fsType),
                new NativeLong(bits),
                data == null ? null : cString(data)));
  }

  @Override
  public void unmount(Path target, boolean lazy) {
    call(
        (lazy ? "lazy unmount " : "unmount ") + target,
        () -> libc.umount2(path(target), lazy ? MNT_DETACH : 0));
  }

  @Override
  public void mknod(Path path, NodeType type, int permissions, int major, int minor) {
    int mode = type.modeBits() | (permissions & 07777);
    long dev = type == NodeType.FIFO ? 0 : makedev(major, minor);
    call("mknod " + path, () -> libc.mknod(path(path), mode, dev));
    // mknod applies the umask; the caller asked for exactly these permissions.
    call("chmod " + path, () -> libc.chmod(path(path), permissions & 07777));
  }

  @Override
  public void lchown(Path path, int uid, int gid) {
    call("lchown " + path + " to " + uid + ":" + gid, () -> libc.lchown(path(path), uid, gid));
  }

  @Override
  public void setTimesNoFollow(Path path, Instant accessed, Instant modified) {
    long[] times = {
      accessed.getEpochSecond(), accessed.getNano(), modified.getEpochSecond(), modified.getNano()
    };
    call(
        "set times of " + path,
        () -> libc.utimensat(AT_FDCWD, path(path), times, AT_SYMLINK_NOFOLLOW));
  }

  @Override
  public Optional<byte[]> getXattr(Path path, String name) {
    byte[] file = path(path);
    byte[] attribute = cString(name);
    // ask for the size first: JNA copies a byte[] argument in and out whole, so a 64 KiB
    // buffer per call would cost far more than the call itself
    while (true) {
      try {
        long needed = libc.lgetxattr(file, attribute, null, new NativeLong(0)).longValue();
        byte[] buffer = new byte[(int) needed];
        long size = libc.lgetxattr(file, attribute, buffer, new NativeLong(buffer.length)).longValue();
        return Optional.of(Arrays.copyOf(buffer, (int) size));
      } catch (LastErrorException e) {
        if (e.getErrorCode() == Errno.ENODATA) {
          return Optional.empty();
        }
        if (e.getErrorCode() != Errno.ERANGE) {
          throw failure("get attribute " + name + " of " + path, e);
        }
        // the value grew between the two calls: ask again
      }
    }
  }

  @Override
  public List<String> listXattrs(Path path) {
    byte[] file = path(path);
    byte[] buffer;
    long size;
    while (true) {
      try {
        long needed = libc.llistxattr(file, null, new NativeLong(0)).longValue();
        if (needed == 0) {
          return List.of();
        }
        buffer = new byte[(int) needed];
        size = libc.llistxattr(file, buffer, new NativeLong(buffer.length)).longValue();
        break;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.ERANGE) {
          throw failure("list attributes of " + path, e);
        }
        // an attribute was added between the two calls: ask again
      }
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

  @Override
  public void setXattr(Path path, String name, byte[] value) {
    call(
        "set attribute " + name + " of " + path,
        () -> libc.lsetxattr(path(path), cString(name), value, new NativeLong(value.length), 0));
  }

  @Override
  public void removeXattr(Path path, String name) {
    call("remove attribute " + name + " of " + path, () -> libc.lremovexattr(path(path), cString(name)));
  }

  @Override
  public Path resolveConfined(Path root, String path, Confinement confinement, boolean followLast) {
    Path base = root.toAbsolutePath().normalize();
    if (!useOpenat2) {
      return ComponentWalkResolver.resolve(base, path, confinement, followLast);
    }
    List<String> names = ComponentWalkResolver.components(path);
    if (names.isEmpty()) {
      return base;
    }
    String last = names.get(names.size() - 1);
    boolean lastIsDots = last.equals("..");
    String operation = "resolve '" + path + "' inside " + base;
    long resolve =
        RESOLVE_NO_MAGICLINKS
            | (confinement == Confinement.IN_ROOT ? RESOLVE_IN_ROOT : RESOLVE_BENEATH);
    int rootFd = open(base, operation);
    try {
      if (followLast || lastIsDots) {
        Optional<Path> whole = openat2Path(rootFd, String.join("/", names), resolve, operation);
        if (whole.isPresent()) {
          return whole.get();
        }
      }
      if (lastIsDots) {
        throw new OsException(operation, Errno.ENOENT, "No such file or directory");
      }
      String parent = String.join("/", names.subList(0, names.size() - 1));
      Path parentPath =
          parent.isEmpty()
              ? base
              : openat2Path(rootFd, parent, resolve, operation)
                  .orElseThrow(
                      () -> new OsException(operation, Errno.ENOENT, "No such file or directory"));
      return parentPath.resolve(last);
    } finally {
      closeQuietly(rootFd);
    }
  }

  /** Opens {@code relative} under {@code dirFd} with openat2; empty when it does not exist. */
  private Optional<Path> openat2Path(int dirFd, String relative, long resolve, String operation) {
    Memory how = new Memory(24);
    how.setLong(0, O_PATH | O_CLOEXEC);
    how.setLong(8, 0);
    how.setLong(16, resolve);
    int fd;
    try {
      fd =
          libc.syscall(
                  new NativeLong(SYS_OPENAT2), dirFd, cString(relative), how, new NativeLong(24))
              .intValue();
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.ENOENT) {
        return Optional.empty();
      }
      if (e.getErrorCode() == Errno.EXDEV) {
        throw new ConfinementException(operation);
      }
      throw failure(operation, e);
    }
    try {
      return Optional.of(Path.of(readLink("/proc/self/fd/" + fd)));
    } finally {
      closeQuietly(fd);
    }
  }

  private boolean openat2Works() {
    try {
      int rootFd = open(Path.of("/"), "open /");
      try {
        openat2Path(rootFd, ".", RESOLVE_BENEATH, "probe openat2");
        return true;
      } finally {
        closeQuietly(rootFd);
      }
    } catch (OsException e) {
      if (e.errno() == Errno.ENOSYS || e.errno() == Errno.EPERM) {
        return false; // kernel without openat2, or a seccomp filter that refuses it
      }
      throw e;
    }
  }

  private int open(Path directory, String operation) {
    try {
      return libc.open(path(directory), O_PATH | O_DIRECTORY | O_CLOEXEC | O_RDONLY, 0);
    } catch (LastErrorException e) {
      throw failure(operation + ": open " + directory, e);
    }
  }

  private String readLink(String link) {
    byte[] buffer = new byte[8192];
    try {
      long length = libc.readlink(cString(link), buffer, new NativeLong(buffer.length)).longValue();
      return new String(buffer, 0, (int) length, pathCharset);
    } catch (LastErrorException e) {
      throw failure("readlink " + link, e);
    }
  }

  private void closeQuietly(int fd) {
    try {
      libc.close(fd);
    } catch (LastErrorException ignored) {
      // nothing useful to do: the descriptor is gone either way
    }
  }

  private interface NativeCall {
    int invoke() throws LastErrorException;
  }

  private void call(String operation, NativeCall call) {
    try {
      call.invoke();
    } catch (LastErrorException e) {
      throw failure(operation, e);
    }
  }

  private OsException failure(String operation, LastErrorException e) {
    int errno = e.getErrorCode();
    String meaning;
    try {
      meaning = libc.strerror(errno);
    } catch (RuntimeException unavailable) {
      meaning = "error " + errno;
    }
    return errno == Errno.EXDEV && operation.startsWith("resolve")
        ? new ConfinementException(operation)
        : new OsException(operation, errno, meaning);
  }

  /** The device number as glibc's {@code makedev} builds it. */
  static long makedev(int major, int minor) {
    long ma = Integer.toUnsignedLong(major);
    long mi = Integer.toUnsignedLong(minor);
    return ((ma & 0xfffff000L) << 32)
        | ((ma & 0x00000fffL) << 8)
        | ((mi & 0xffffff00L) << 12)
        | (mi & 0x000000ffL);
  }

  private byte[] path(Path path) {
    return cString(path.toString(), pathCharset);
  }

  private static byte[] cString(String text) {
    return cString(text, StandardCharsets.UTF_8);
  }

  private static byte[] cString(String text, Charset charset) {
    byte[] bytes = text.getBytes(charset);
    return Arrays.copyOf(bytes, bytes.length + 1);
  }

  /** The charset the JDK uses for file names, so names reach the kernel as the JDK sees them. */
  private static Charset pathCharset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }
}

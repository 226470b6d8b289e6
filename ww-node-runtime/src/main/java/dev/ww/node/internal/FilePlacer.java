package dev.ww.node.internal;

import dev.ww.core.UserException;
import dev.ww.core.WwException;
import dev.ww.core.os.JnaLinuxOs;
import dev.ww.core.os.LinuxOs;
import dev.ww.core.os.NodeType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Places one listed file below the node's root: regular files are downloaded to a temporary
 * file in the target's directory, fsynced, checked against the list's SHA-256, given owner,
 * mode and time, then renamed over the target (a failed download leaves the previous version
 * in place); symlinks are made under a temporary name and renamed over the target; directories
 * are created or given their owner and mode; device nodes and fifos are made under a temporary
 * name and renamed over the target. Parent directories are created (root, 0755) and must
 * resolve inside the root.
 */
public final class FilePlacer {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int MAX_LINK_TARGET = 4096;
  private static final int MAX_DEVICE_NUMBERS = 64;
  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFIFO = 0010000;

  private final Path root;
  private final Path realRoot;
  private final MasterClient client;
  private final Supplier<LinuxOs> os;
  private final java.util.Set<Path> renamedIn = new java.util.LinkedHashSet<>();

  /**
   * @param os makes device nodes and fifos (the JDK cannot): asked for only when one is placed,
   *     so that runs without them never load the native binding
   */
  public FilePlacer(Path root, MasterClient client, Supplier<LinuxOs> os) throws IOException {
    this.root = root;
    this.realRoot = root.toRealPath();
    this.client = client;
    this.os = os;
  }

  /** The real OS calls, loaded on first use (an anonymous class, not a lambda: cold start). */
  public static Supplier<LinuxOs> nativeOs() {
    return new Supplier<>() {
      private LinuxOs loaded;

      @Override
      public LinuxOs get() {
        if (loaded == null) {
          loaded = JnaLinuxOs.load();
        }
        return loaded;
      }
    };
  }

  /** Where {@code e} goes, after its parents exist; refuses paths that leave the root. */
  public Path target(FileListEntry e) throws IOException {
    String rel = e.relativePath();
    Path relPath = Path.of(rel).normalize();
    Path parent = parents(relPath.getParent(), e);
    return parent.resolve(relPath.getFileName().toString());
  }

  /**
   * Places {@code e} and returns what identifies the result on disk, for a later removal to
   * check that the file is still the one placed: the content's SHA-256 for a regular file, the
   * SHA-256 of the link target for a symlink, {@code MAJOR:MINOR} for a device, {@code -} for a
   * directory or fifo.
   */
  public String place(FileListEntry e) throws IOException {
    Path target = target(e);
    return switch (e.type()) {
      case '-' -> regular(e, target);
      case 'l' -> symlink(e, target);
      case 'd' -> directory(e, target);
      case 'c', 'b', 'p' -> special(e, target);
      default -> throw new IllegalStateException("type " + e.type());
    };
  }

  /** Whether the thing at the target has the listed type (used to skip unchanged files). */
  public boolean present(FileListEntry e) throws IOException {
    return typeLetter(root.resolve(e.relativePath())) == e.type();
  }

  /**
   * The file list's type letter of what is at {@code p} (not following a symlink), or 0 when
   * nothing is there.
   */
  public static char typeLetter(Path p) throws IOException {
    java.nio.file.attribute.BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, NOFOLLOW);
    } catch (java.nio.file.NoSuchFileException e) {
      return 0;
    }
    if (a.isRegularFile()) {
      return '-';
    }
    if (a.isDirectory()) {
      return 'd';
    }
    if (a.isSymbolicLink()) {
      return 'l';
    }
    int mode = (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
    return switch (mode & S_IFMT) {
      case S_IFREG -> '-';
      case S_IFDIR -> 'd';
      case S_IFLNK -> 'l';
      case S_IFCHR -> 'c';
      case S_IFBLK -> 'b';
      case S_IFIFO -> 'p';
      default -> 's';
    };
  }

  private Path parents(Path rel, FileListEntry e) throws IOException {
    Path cur = realRoot;
    if (rel == null) {
      return cur;
    }
    for (Path c : rel) {
      Path next = cur.resolve(c.toString());
      if (Files.isSymbolicLink(next)) {
        next = next.toRealPath();
        if (!next.startsWith(realRoot)) {
          throw new UserException(
              "file " + e.name() + ": " + e.path() + " leads outside " + root + " through a symlink");
        }
      } else if (!Files.exists(next, NOFOLLOW)) {
        try {
          Files.createDirectory(
              next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // made meanwhile: checked below
        }
      }
      if (!Files.isDirectory(next)) {
        throw new UserException(
            "file " + e.name() + ": cannot create " + e.path() + ": " + next + " is not a directory");
      }
      cur = next;
    }
    return cur;
  }

  private String regular(FileListEntry e, Path target) throws IOException {
    refuseDirectoryInTheWay(e, target);
    Path dir = target.getParent();
    Path tmp =
        Files.createTempFile(
            dir, "." + target.getFileName() + ".", ".ww-new",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      String got;
      String served;
      try (HttpResponse r = client.get(contentPath(e), Map.of());
          FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        if (r.status() != 200) {
          throw client.failure(r, "file " + e.name());
        }
        served = r.etag().orElse(e.etag());
        MessageDigest md = sha256();
        InputStream in = r.body();
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
          ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
          while (bb.hasRemaining()) {
            ch.write(bb);
          }
        }
        ch.force(true);
        got = HexFormat.of().formatHex(md.digest());
      } catch (java.io.EOFException | java.net.SocketException | java.net.SocketTimeoutException x) {
        throw new UserException("Could not download " + e.name() + " (" + e.path() + "): " + x.getMessage(), x);
      }
      verify(e, got, served);
      setOwnerModeTime(tmp, e, true);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamedIn.add(dir);
      return got;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private String symlink(FileListEntry e, Path target) throws IOException {
    refuseDirectoryInTheWay(e, target);
    byte[] content;
    String served;
    try (HttpResponse r = client.get(contentPath(e), Map.of())) {
      if (r.status() != 200) {
        throw client.failure(r, "symlink " + e.name());
      }
      served = r.etag().orElse(e.etag());
      try {
        content = r.readBody(MAX_LINK_TARGET);
      } catch (java.io.EOFException | java.net.SocketException x) {
        throw new UserException("Could not download " + e.name() + " (" + e.path() + "): " + x.getMessage(), x);
      }
    }
    verify(e, HexFormat.of().formatHex(sha256().digest(content)), served);
    String linkTarget = new String(content, StandardCharsets.UTF_8).strip();
    if (linkTarget.isEmpty() || linkTarget.indexOf('\0') >= 0) {
      throw new UserException("symlink " + e.name() + " (" + e.path() + ") has no target");
    }
    Path dir = target.getParent();
    Path tmp =
        dir.resolve("." + target.getFileName() + ".ww-new-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createSymbolicLink(tmp, Path.of(linkTarget));
      setOwnerModeTime(tmp, e, false);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamedIn.add(dir);
      return linkCheck(linkTarget);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** What identifies a symlink with this target. */
  public static String linkCheck(String linkTarget) {
    return HexFormat.of().formatHex(sha256().digest(linkTarget.getBytes(StandardCharsets.UTF_8)));
  }

  private String directory(FileListEntry e, Path target) throws IOException {
    if (Files.exists(target, NOFOLLOW) && !Files.isDirectory(target, NOFOLLOW)) {
      // As Warewulf 3 did: what is in the way is kept under another name, not deleted.
      Path aside = target.resolveSibling(target.getFileName() + ".ww-old-" + System.currentTimeMillis() / 1000);
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
    }
    if (!Files.isDirectory(target, NOFOLLOW)) {
      Files.createDirectory(
          target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Files.setAttribute(target, "unix:uid", e.uid(), NOFOLLOW);
    Files.setAttribute(target, "unix:gid", e.gid(), NOFOLLOW);
    Files.setAttribute(target, "unix:mode", e.mode(), NOFOLLOW);
    renamedIn.add(target.getParent());
    return "-";
  }

  /**
   * A device node or fifo: the device numbers are the entry's content ({@code MAJOR:MINOR},
   * verified against the etag like any content); the node is made under a temporary name with
   * {@code mknod(2)}, given owner, then mode (chown clears setuid and setgid) and time, and
   * renamed over the target.
   */
  private String special(FileListEntry e, Path target) throws IOException {
    refuseDirectoryInTheWay(e, target);
    NodeType type;
    int major = 0;
    int minor = 0;
    if (e.type() == 'p') {
      type = NodeType.FIFO;
    } else {
      type = e.type() == 'c' ? NodeType.CHARACTER_DEVICE : NodeType.BLOCK_DEVICE;
      byte[] content;
      String served;
      try (HttpResponse r = client.get(contentPath(e), Map.of())) {
        if (r.status() != 200) {
          throw client.failure(r, "device " + e.name());
        }
        served = r.etag().orElse(e.etag());
        try {
          content = r.readBody(MAX_DEVICE_NUMBERS);
        } catch (java.io.EOFException | java.net.SocketException x) {
          throw new UserException("Could not download " + e.name() + " (" + e.path() + "): " + x.getMessage(), x);
        }
      }
      verify(e, HexFormat.of().formatHex(sha256().digest(content)), served);
      long[] numbers = deviceNumbers(e, new String(content, StandardCharsets.US_ASCII));
      major = (int) numbers[0];
      minor = (int) numbers[1];
    }
    Path dir = target.getParent();
    Path tmp =
        dir.resolve("." + target.getFileName() + ".ww-new-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      try {
        LinuxOs linux = os.get();
        linux.mknod(tmp, type, e.mode(), major, minor);
        linux.lchown(tmp, e.uid(), e.gid());
        // chmod(2) by path, never the JDK's no-follow variants or its time setter: those open the
        // file, which blocks on a fifo and may do anything on a device.
        Files.setAttribute(tmp, "unix:mode", e.mode());
        Instant t = Instant.ofEpochSecond(e.mtime());
        linux.setTimesNoFollow(tmp, t, t);
      } catch (WwException x) {
        throw new UserException("file " + e.name() + " (" + e.path() + "): " + x.getMessage(), x);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamedIn.add(dir);
      return type == NodeType.FIFO ? "-" : major + ":" + minor;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@code MAJOR:MINOR} (decimal, an optional final newline) within Linux's ranges. */
  static long[] deviceNumbers(FileListEntry e, String text) {
    String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    int colon = t.indexOf(':');
    if (colon > 0 && Chars.digits(t.substring(0, colon), 4) && Chars.digits(t.substring(colon + 1), 7)) {
      long major = Long.parseLong(t.substring(0, colon));
      long minor = Long.parseLong(t.substring(colon + 1));
      if (major <= 0xfff && minor <= 0xfffff) {
        return new long[] {major, minor};
      }
    }
    throw new UserException(
        "device " + e.name() + " (" + e.path() + "): the master sent '" + t.strip()
            + "' instead of MAJOR:MINOR device numbers");
  }

  /**
   * Makes the renames durable: one {@code fsync} per directory that changed, after all files
   * are placed (each file's data was synced before its rename, so a crash leaves either the old
   * or the new complete file, never a partial one).
   */
  public void syncDirectories() throws IOException {
    for (Path d : renamedIn) {
      AtomicWrite.syncDirectory(d);
    }
    renamedIn.clear();
  }

  private static void refuseDirectoryInTheWay(FileListEntry e, Path target) {
    if (Files.isDirectory(target, NOFOLLOW)) {
      throw new UserException(
          "file " + e.name() + ": " + e.path() + " is a directory on this node; remove it to receive the file");
    }
  }

  private static void verify(FileListEntry e, String got, String served) {
    if (got.equals(e.etag())) {
      return;
    }
    if (!served.equals(e.etag()) && got.equals(served)) {
      throw new UserException(
          "file " + e.name() + " (" + e.path() + ") changed on the master while it was downloaded; run again");
    }
    throw new UserException(
        "file " + e.name() + " (" + e.path() + "): SHA-256 " + got + " does not match the list's "
            + e.etag() + " (corrupt or truncated download); the previous version is kept");
  }

  private static void setOwnerModeTime(Path p, FileListEntry e, boolean regular) throws IOException {
    Files.setAttribute(p, "unix:uid", e.uid(), NOFOLLOW);
    Files.setAttribute(p, "unix:gid", e.gid(), NOFOLLOW);
    if (regular) {
      // after chown, which clears setuid/setgid
      Files.setAttribute(p, "unix:mode", e.mode(), NOFOLLOW);
      Files.setLastModifiedTime(p, FileTime.fromMillis(e.mtime() * 1000));
    }
  }

  private String contentPath(FileListEntry e) {
    return client.path("/WW/file", "fileid=" + e.id());
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException x) {
      throw new IllegalStateException(x);
    }
  }
}

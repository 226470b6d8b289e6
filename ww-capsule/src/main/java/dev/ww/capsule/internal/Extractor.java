package dev.ww.capsule.internal;

import dev.ww.capsule.CapsuleFormatException;
import dev.ww.capsule.ExtractResult;
import dev.ww.capsule.UnsafeEntryException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.ProgressEvent;
import dev.ww.core.os.ConfinedFiles;
import dev.ww.core.os.Confinement;
import dev.ww.core.os.ConfinementException;
import dev.ww.core.os.LinuxOs;
import dev.ww.core.os.NodeType;
import dev.ww.core.os.OsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unpacks newc entries into a target directory without ever writing outside it. Names are
 * checked first (absolute names and {@code ..} are refused); parent directories are resolved
 * through {@link ConfinedFiles} with {@link Confinement#BENEATH}, so a path through a symlink
 * that leaves the target is refused; the last component is never followed (an existing entry
 * there is replaced, files are created with {@code O_EXCL|O_NOFOLLOW}).
 *
 * <p>Names the JVM cannot represent as strings (not valid in its file name charset) are created
 * under a temporary ASCII name in their directory, given their metadata, and renamed; their
 * directories are walked component by component and must be real directories.
 */
public final class Extractor {

  private static final int CHUNK = 64 * 1024;
  private static final int MAX_LINK = 65536;
  private static final int MAX_MANIFEST = 64 * 1024 * 1024;
  private static final byte[] MANIFEST = XattrManifest.NAME.getBytes(StandardCharsets.US_ASCII);

  private final Path target;
  private final LinuxOs os;
  private final NativeCalls nativeCalls;
  private final RawNames rawNames;
  private final boolean owners;
  private final EventHandlers events;
  private final ConfinedFiles confined;
  private final Map<String, Path> hardLinks = new HashMap<>();
  private final Map<String, Path> placed = new HashMap<>();
  private final List<Path> directories = new ArrayList<>();
  private final List<Long> directoryTimes = new ArrayList<>();
  private final List<Integer> directoryModes = new ArrayList<>();
  private final byte[] chunk = new byte[CHUNK];
  private Map<String, List<Xattr>> manifest;
  private String cachedParentKey;
  private Path cachedParent;
  private final String temporaryPrefix =
      Long.toHexString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE);
  private int temporaryCounter;
  private long entries;
  private long dataBytes;

  public Extractor(
      Path target, LinuxOs os, NativeCalls nativeCalls, RawNames rawNames, boolean owners,
      EventHandlers events) {
    this.target = target;
    this.os = os;
    this.nativeCalls = nativeCalls;
    this.rawNames = rawNames;
    this.owners = owners;
    this.events = events;
    this.confined = new ConfinedFiles(os, target, Confinement.BENEATH);
  }

  public ExtractResult extract(NewcReader reader) throws IOException {
    NewcHeader header;
    while ((header = reader.next()) != null) {
      extractEntry(header, reader);
      entries++;
      if (entries % 1000 == 0) {
        events.dispatch(new ProgressEvent("Extracting", entries, ProgressEvent.UNKNOWN_TOTAL, "entries"));
      }
    }
    for (int i = directories.size() - 1; i >= 0; i--) {
      nativeCalls.chmod(rawNames.bytes(directories.get(i)), directoryModes.get(i));
    }
    // attributes after modes: a chmod would rewrite the mask of an ACL set before it
    long applied = applyManifest();
    for (int i = directories.size() - 1; i >= 0; i--) {
      setDirectoryTime(directories.get(i), directoryTimes.get(i));
    }
    events.dispatch(new ProgressEvent("Extracting", entries, entries, "entries"));
    return new ExtractResult(entries, dataBytes, applied);
  }

  private void extractEntry(NewcHeader header, NewcReader reader) throws IOException {
    byte[] rawName = header.name();
    String shown = RawNames.display(rawName);
    List<byte[]> components = components(rawName, shown);
    if (components.size() == 1 && java.util.Arrays.equals(components.get(0), MANIFEST)
        && header.type() == Newc.S_IFREG) {
      manifest = XattrManifest.read(reader.readAllData(MAX_MANIFEST));
      return;
    }
    String key = key(components);
    if (components.isEmpty()) {
      if (header.type() != Newc.S_IFDIR) {
        throw new UnsafeEntryException("capsule entry '" + shown + "' names the target itself but is not a directory");
      }
      applyOwnerAndMode(target, header);
      directories.add(target);
      directoryTimes.add(header.mtime());
      directoryModes.add(header.permissions());
      remember(key, target);
      return;
    }
    Path parent = parentDirectory(components, shown);
    byte[] last = components.get(components.size() - 1);
    Path finalPath = rawNames.child(parent, last);
    boolean plain = rawNames.representable(last);
    Path work = plain ? finalPath : temporaryName();
    int type = header.type();
    boolean existsAsDirectory =
        Files.isDirectory(finalPath, LinkOption.NOFOLLOW_LINKS);
    if (type == Newc.S_IFDIR && existsAsDirectory) {
      if (!plain) {
        Files.move(finalPath, work, StandardCopyOption.ATOMIC_MOVE);
      }
    } else {
      removeExisting(finalPath, shown);
    }
    String linkKey = header.nlink() > 1 && type != Newc.S_IFDIR
        ? header.inode() + ":" + header.devMajor() + ":" + header.devMinor()
        : null;
    Path firstLink = linkKey == null ? null : hardLinks.get(linkKey);
    if (firstLink != null) {
      Files.createLink(work, firstLink);
      if (Files.isSymbolicLink(work) != (type == Newc.S_IFLNK)) {
        throw new UnsafeEntryException(
            "refused capsule entry '" + shown + "': it is a hard link to an entry of another"
                + " type, which an earlier entry replaced");
      }
      if (type == Newc.S_IFREG && header.fileSize() > 0) {
        writeData(work, header, reader, false);
      }
    } else {
      switch (type) {
        case Newc.S_IFDIR -> {
          if (!Files.isDirectory(work, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(work);
          }
        }
        case Newc.S_IFREG -> writeData(work, header, reader, true);
        case Newc.S_IFLNK -> {
          byte[] linkTarget = reader.readAllData(MAX_LINK);
          nativeCalls.symlink(linkTarget, rawNames.bytes(work));
          forgetParentCache();
        }
        case Newc.S_IFCHR, Newc.S_IFBLK, Newc.S_IFIFO -> os.mknod(
            work, nodeType(type), header.permissions(), (int) header.rdevMajor(), (int) header.rdevMinor());
        default -> throw new CapsuleFormatException(
            "capsule entry '" + shown + "' has an unsupported file type "
                + Integer.toOctalString(type));
      }
    }
    if (linkKey != null && firstLink == null) {
      hardLinks.put(linkKey, finalPath);
    }
    applyOwnerAndMode(work, header);
    if (type == Newc.S_IFDIR) {
      directories.add(finalPath);
      directoryTimes.add(header.mtime());
      directoryModes.add(header.permissions());
    } else {
      Instant time = Instant.ofEpochSecond(header.mtime());
      os.setTimesNoFollow(work, time, time);
    }
    if (!plain) {
      Files.move(work, finalPath, StandardCopyOption.ATOMIC_MOVE);
    }
    remember(key, finalPath);
  }

  private void remember(String key, Path path) {
    if (manifest == null || manifest.containsKey(key)) {
      placed.put(key, path);
    }
  }

  private void applyOwnerAndMode(Path path, NewcHeader header) {
    if (owners) {
      os.lchown(path, (int) header.uid(), (int) header.gid());
    }
    if (header.type() == Newc.S_IFDIR) {
      // owner-writable until the end, so that its contents can be created by a non-root
      // user too; the stored mode is applied with the directory times, after everything else
      nativeCalls.chmod(rawNames.bytes(path), header.permissions() | 0700);
    } else if (header.type() != Newc.S_IFLNK) {
      nativeCalls.chmod(rawNames.bytes(path), header.permissions());
    }
  }

  private void writeData(Path path, NewcHeader header, NewcReader reader, boolean create)
      throws IOException {
    long size = header.fileSize();
    try (FileChannel channel =
        create
            ? FileChannel.open(
                path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
            : FileChannel.open(
                path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS)) {
      long written = 0;
      boolean endsInHole = false;
      while (written < size) {
        int read = reader.readData(chunk, 0, (int) Math.min(CHUNK, size - written));
        if (allZero(chunk, read)) {
          channel.position(written + read);
          endsInHole = true;
        } else {
          ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, read);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          endsInHole = false;
        }
        written += read;
      }
      if (endsInHole) {
        channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
      }
    }
    dataBytes += size;
  }

  private static boolean allZero(byte[] data, int length) {
    for (int i = 0; i < length; i++) {
      if (data[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private void removeExisting(Path path, String shown) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.delete(path);
    } catch (DirectoryNotEmptyException e) {
      throw new CapsuleFormatException(
          "capsule entry '" + shown + "' would replace a directory that is not empty", e);
    }
    forgetParentCache();
  }

  private Path parentDirectory(List<byte[]> components, String shown) throws IOException {
    String parentKey = key(components.subList(0, components.size() - 1));
    if (parentKey.equals(cachedParentKey)) {
      return cachedParent;
    }
    int plainPrefix = 0;
    while (plainPrefix < components.size() - 1 && rawNames.representable(components.get(plainPrefix))) {
      plainPrefix++;
    }
    Path current;
    try {
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < plainPrefix; i++) {
        if (i > 0) {
          prefix.append('/');
        }
        prefix.append(rawNames.path(absolute(components.get(i))).getFileName().toString());
      }
      current = plainPrefix == 0 ? confined.root() : confined.createDirectories(prefix.toString());
    } catch (ConfinementException e) {
      throw new UnsafeEntryException(
          "refused capsule entry '" + shown + "': its path goes through a symlink that leads"
              + " outside " + target + "; nothing was written there", e);
    } catch (OsException e) {
      if (e.errno() == 40 || e.errno() == 20) {
        throw new UnsafeEntryException(
            "refused capsule entry '" + shown + "': its parent is not a directory inside the"
                + " target (" + e.getMessage() + ")", e);
      }
      throw e;
    }
    for (int i = plainPrefix; i < components.size() - 1; i++) {
      current = rawNames.child(current, components.get(i));
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(current);
      } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        throw new UnsafeEntryException(
            "refused capsule entry '" + shown + "': a parent in its path is not a directory"
                + " (symlinks are not followed below names that are not valid in this system's"
                + " file name encoding)");
      }
    }
    cachedParentKey = parentKey;
    cachedParent = current;
    return current;
  }

  /**
   * A name at the top of the target, where every name is representable, for an entry whose own
   * name is not: it is created and given its metadata there, then renamed into place.
   */
  private Path temporaryName() {
    return target.resolve(".ww-extract-" + temporaryPrefix + "-" + (++temporaryCounter));
  }

  private void forgetParentCache() {
    cachedParentKey = null;
    cachedParent = null;
  }

  private long applyManifest() {
    if (manifest == null) {
      return 0;
    }
    long applied = 0;
    for (Map.Entry<String, List<Xattr>> entry : manifest.entrySet()) {
      Path path = placed.get(entry.getKey());
      if (path == null) {
        events.warn(
            "the attribute manifest names '" + RawNames.display(entry.getKey().getBytes(StandardCharsets.ISO_8859_1))
                + "', which the capsule does not hold; its attributes were not applied");
        continue;
      }
      byte[] name = rawNames.bytes(path);
      boolean plain = rawNames.representable(name);
      Path work = plain ? path : temporaryName();
      try {
        if (!plain) {
          Files.move(path, work, StandardCopyOption.ATOMIC_MOVE);
        }
        for (Xattr xattr : entry.getValue()) {
          os.setXattr(work, xattr.name(), xattr.value());
          applied++;
        }
        if (!plain) {
          Files.move(work, path, StandardCopyOption.ATOMIC_MOVE);
        }
      } catch (IOException e) {
        throw new OsException("apply attributes to " + path + ": " + e.getMessage(), 5, "I/O error");
      }
    }
    return applied;
  }

  private void setDirectoryTime(Path directory, long seconds) throws IOException {
    FileTime time = FileTime.from(Instant.ofEpochSecond(seconds));
    if (rawNames.representable(rawNames.bytes(directory))) {
      os.setTimesNoFollow(directory, time.toInstant(), time.toInstant());
    } else {
      Files.getFileAttributeView(directory, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(time, time, null);
    }
  }

  private static NodeType nodeType(int type) {
    return switch (type) {
      case Newc.S_IFCHR -> NodeType.CHARACTER_DEVICE;
      case Newc.S_IFBLK -> NodeType.BLOCK_DEVICE;
      default -> NodeType.FIFO;
    };
  }

  /** The name's components; refuses absolute names and {@code ..}. */
  static List<byte[]> components(byte[] name, String shown) {
    if (name.length > 0 && name[0] == '/') {
      throw new UnsafeEntryException(
          "refused capsule entry '" + shown + "': absolute names are not allowed");
    }
    List<byte[]> result = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= name.length; i++) {
      if (i == name.length || name[i] == '/') {
        int length = i - start;
        boolean dot = length == 1 && name[start] == '.';
        boolean dotDot = length == 2 && name[start] == '.' && name[start + 1] == '.';
        if (dotDot) {
          throw new UnsafeEntryException(
              "refused capsule entry '" + shown + "': '..' is not allowed in names");
        }
        if (length > 0 && !dot) {
          result.add(java.util.Arrays.copyOfRange(name, start, i));
        }
        start = i + 1;
      }
    }
    return result;
  }

  private static String key(List<byte[]> components) {
    StringBuilder text = new StringBuilder();
    for (byte[] component : components) {
      if (text.length() > 0) {
        text.append('/');
      }
      text.append(new String(component, StandardCharsets.ISO_8859_1));
    }
    return text.length() == 0 ? "." : text.toString();
  }

  private static byte[] absolute(byte[] component) {
    byte[] result = new byte[component.length + 1];
    result[0] = '/';
    System.arraycopy(component, 0, result, 1, component.length);
    return result;
  }
}

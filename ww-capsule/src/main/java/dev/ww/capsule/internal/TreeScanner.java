package dev.ww.capsule.internal;

import dev.ww.capsule.PathRules;
import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.ProgressEvent;
import dev.ww.core.os.LinuxOs;
import dev.ww.core.os.OsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Walks a tree and lists what goes into the archive, in archive order: children sorted by the
 * bytes of their names, every directory before its contents. Stays on the tree's filesystem
 * (a mount point is kept as an empty directory). Sockets and anything else newc cannot hold are
 * skipped with a warning.
 */
public final class TreeScanner {

  private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino,dev,nlink,rdev";
  private static final int EOPNOTSUPP = 95;
  private static final int ENODATA = 61;
  private static final int ENOENT = 2;

  private final Path root;
  private final PathMatcher matcher;
  private final Optional<String> hybridPath;
  private final LinuxOs os;
  private final NativeCalls nativeCalls;
  private final RawNames rawNames;
  private final EventHandlers events;
  private final List<ScannedEntry> entries = new ArrayList<>();
  private long rootDevice;
  private long excluded;
  private long hybridizedAway;
  private long hybridLinks;
  private long skipped;

  public TreeScanner(
      Path root, PathRules rules, LinuxOs os, NativeCalls nativeCalls, RawNames rawNames,
      EventHandlers events) {
    this.root = root;
    this.matcher = new PathMatcher(rules);
    this.hybridPath = rules.hybridPath();
    this.os = os;
    this.nativeCalls = nativeCalls;
    this.rawNames = rawNames;
    this.events = events;
  }

  /** What the scan found. */
  public record Result(
      List<ScannedEntry> entries, long excluded, long hybridizedAway, long hybridLinks, long skipped) {}

  public Result scan() throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserException("not a directory: " + root);
    }
    Map<String, Object> attributes = Files.readAttributes(root, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    rootDevice = (Long) attributes.get("dev");
    entries.add(entry(new byte[] {'.'}, root, attributes));
    visit(root, new byte[0], new ArrayList<>());
    events.dispatch(new ProgressEvent("Scanning", entries.size(), entries.size(), "entries"));
    return new Result(List.copyOf(entries), excluded, hybridizedAway, hybridLinks, skipped);
  }

  private record Child(byte[] name, Path path) {}

  private void visit(Path directory, byte[] prefix, List<String> components) throws IOException {
    List<Child> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path child : stream) {
        children.add(new Child(rawNames.fileNameBytes(child), child));
      }
    } catch (NoSuchFileException vanished) {
      events.warn("directory " + display(prefix) + " vanished while it was being scanned");
      return;
    }
    children.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
    for (Child child : children) {
      byte[] name = join(prefix, child.name());
      List<String> childComponents = new ArrayList<>(components);
      childComponents.add(new String(child.name(), StandardCharsets.ISO_8859_1));
      Map<String, Object> attributes;
      try {
        attributes = Files.readAttributes(child.path(), ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException vanished) {
        events.warn(display(name) + " vanished while the tree was being scanned; left out");
        skipped++;
        continue;
      }
      PathMatcher.Decision decision = matcher.decide(childComponents);
      if (decision == PathMatcher.Decision.EXCLUDE) {
        excluded++;
        continue;
      }
      if (decision == PathMatcher.Decision.HYBRIDIZE) {
        if (hybridPath.isEmpty()) {
          hybridizedAway++;
          continue;
        }
        byte[] target = (hybridPath.get() + "/").getBytes(StandardCharsets.UTF_8);
        entries.add(
            ScannedEntry.synthetic(
                name, Newc.S_IFLNK | 0777, seconds(attributes), join(target, name, false)));
        hybridLinks++;
        continue;
      }
      int mode = (Integer) attributes.get("mode");
      int type = mode & Newc.S_IFMT;
      if (type == Newc.S_IFSOCK) {
        events.warn("skipped socket " + display(name) + " (a capsule cannot hold sockets)");
        skipped++;
        continue;
      }
      if (type != Newc.S_IFREG && type != Newc.S_IFDIR && type != Newc.S_IFLNK
          && type != Newc.S_IFCHR && type != Newc.S_IFBLK && type != Newc.S_IFIFO) {
        events.warn("skipped " + display(name) + ": unknown file type " + Integer.toOctalString(type));
        skipped++;
        continue;
      }
      ScannedEntry entry = entry(name, child.path(), attributes);
      entries.add(entry);
      if (entries.size() % 2000 == 0) {
        events.dispatch(
            new ProgressEvent("Scanning", entries.size(), ProgressEvent.UNKNOWN_TOTAL, "entries"));
      }
      if (type == Newc.S_IFDIR) {
        if ((Long) attributes.get("dev") != rootDevice) {
          events.warn(
              display(name) + " is a mount point; kept as an empty directory, its contents are"
                  + " not included");
          continue;
        }
        visit(child.path(), name, childComponents);
      }
    }
  }

  private ScannedEntry entry(byte[] name, Path path, Map<String, Object> attributes) {
    int mode = (Integer) attributes.get("mode");
    long size = (Long) attributes.get("size");
    int type = mode & Newc.S_IFMT;
    byte[] content = null;
    if (type == Newc.S_IFLNK) {
      content = nativeCalls.readlink(rawNames.bytes(path));
    } else if (type == Newc.S_IFREG && size > Newc.MAX_FIELD) {
      throw new UserException(
          display(name) + " is " + size + " bytes; a capsule (newc cpio) can hold files of at"
              + " most 4 GiB - 1 byte (" + Newc.MAX_FIELD + "). Exclude it (for example -e /"
              + display(name) + ") or keep it outside the image.");
    }
    long mtime = seconds(attributes);
    if (mtime < 0 || mtime > Newc.MAX_FIELD) {
      events.warn(
          display(name) + " has a modification time newc cannot store (" + mtime
              + "); stored as " + (mtime < 0 ? 0 : Newc.MAX_FIELD));
      mtime = mtime < 0 ? 0 : Newc.MAX_FIELD;
    }
    return new ScannedEntry(
        name,
        path,
        mode,
        Integer.toUnsignedLong((Integer) attributes.get("uid")),
        Integer.toUnsignedLong((Integer) attributes.get("gid")),
        type == Newc.S_IFREG ? size : 0,
        mtime,
        (Long) attributes.get("rdev"),
        (Long) attributes.get("dev"),
        (Long) attributes.get("ino"),
        (Integer) attributes.get("nlink"),
        content,
        xattrs(name, path),
        nanos(attributes, "lastModifiedTime"),
        nanos(attributes, "ctime"));
  }

  private List<Xattr> xattrs(byte[] name, Path path) {
    boolean plain = rawNames.representable(rawNames.bytes(path));
    List<String> names;
    try {
      names = plain ? os.listXattrs(path) : nativeCalls.listXattrs(rawNames.bytes(path));
    } catch (OsException e) {
      if (e.errno() == EOPNOTSUPP) {
        return List.of();
      }
      throw e;
    }
    if (names.isEmpty()) {
      return List.of();
    }
    List<Xattr> result = new ArrayList<>();
    for (String attribute : names) {
      Optional<byte[]> value;
      try {
        value = plain ? os.getXattr(path, attribute) : nativeCalls.getXattr(rawNames.bytes(path), attribute);
      } catch (OsException e) {
        if (e.errno() == ENODATA || e.errno() == ENOENT) {
          continue;
        }
        throw e;
      }
      value.ifPresent(bytes -> result.add(new Xattr(attribute, bytes)));
    }
    result.sort((a, b) -> a.name().compareTo(b.name()));
    return result;
  }

  private static long nanos(Map<String, Object> attributes, String name) {
    java.time.Instant instant = ((FileTime) attributes.get(name)).toInstant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static long seconds(Map<String, Object> attributes) {
    return ((FileTime) attributes.get("lastModifiedTime")).toInstant().getEpochSecond();
  }

  private static byte[] join(byte[] prefix, byte[] name) {
    return join(prefix, name, true);
  }

  private static byte[] join(byte[] prefix, byte[] name, boolean slash) {
    if (prefix.length == 0) {
      return name.clone();
    }
    boolean addSlash = slash;
    byte[] result = Arrays.copyOf(prefix, prefix.length + (addSlash ? 1 : 0) + name.length);
    if (addSlash) {
      result[prefix.length] = '/';
    }
    System.arraycopy(name, 0, result, prefix.length + (addSlash ? 1 : 0), name.length);
    return result;
  }

  static String display(byte[] name) {
    return RawNames.display(name);
  }
}

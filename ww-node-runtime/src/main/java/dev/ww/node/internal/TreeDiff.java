package dev.ww.node.internal;

import dev.ww.capsule.CapsuleEntry;
import dev.ww.node.VnfsDifference;
import dev.ww.node.VnfsDifference.Kind;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a running tree with a capsule's entries, never looking into protected paths or other
 * filesystems mounted below the root (an NFS home, a scratch disk: their contents are never the
 * capsule's business).
 */
public final class TreeDiff {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int S_IFMT = 0170000;

  private final Path root;
  private final ProtectedPaths protectedPaths;

  public TreeDiff(Path root, ProtectedPaths protectedPaths) {
    this.root = root;
    this.protectedPaths = protectedPaths;
  }

  /** The capsule's entries that apply here (protected paths and the root entry left out). */
  public Map<String, CapsuleEntry> applicable(List<CapsuleEntry> entries) {
    Map<String, CapsuleEntry> out = new LinkedHashMap<>();
    for (CapsuleEntry e : entries) {
      String rel = normalize(e.name());
      if (rel.isEmpty() || rel.equals(".ww-xattrs") || protectedPaths.covers(rel)) {
        continue;
      }
      out.put(rel, e);
    }
    return out;
  }

  /** Paths below the root that are not in {@code wanted}, deepest first. */
  public List<String> extras(Map<String, CapsuleEntry> wanted) throws IOException {
    Object rootDev = Files.getAttribute(root, "unix:dev");
    List<String> out = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            String rel = root.relativize(dir).toString();
            if (protectedPaths.covers(rel)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (!Files.getAttribute(dir, "unix:dev", NOFOLLOW).equals(rootDev)) {
              protectedPaths.addMountPoint(rel);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = root.relativize(file).toString();
            if (!protectedPaths.covers(rel) && !wanted.containsKey(rel)) {
              out.add(rel);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null) {
              throw exc;
            }
            if (!dir.equals(root)) {
              String rel = root.relativize(dir).toString();
              if (!wanted.containsKey(rel)) {
                out.add(rel);
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw exc;
          }
        });
    return out;
  }

  /** Every difference: entries missing or different on the node, then extras. */
  public List<VnfsDifference> compare(List<CapsuleEntry> entries) throws IOException {
    Map<String, CapsuleEntry> wanted = applicable(entries);
    List<String> extras = extras(wanted);
    List<VnfsDifference> out = new ArrayList<>();
    for (Map.Entry<String, CapsuleEntry> w : wanted.entrySet()) {
      if (protectedPaths.covers(w.getKey())) {
        continue; // below a mount point found by the walk
      }
      VnfsDifference d = compareOne(w.getKey(), w.getValue());
      if (d != null) {
        out.add(d);
      }
    }
    for (String x : extras) {
      out.add(new VnfsDifference("/" + x, Kind.EXTRA, ""));
    }
    return out;
  }

  private VnfsDifference compareOne(String rel, CapsuleEntry e) throws IOException {
    Path p = root.resolve(rel);
    String abs = "/" + rel;
    Map<String, Object> a;
    try {
      a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,rdev", NOFOLLOW);
    } catch (NoSuchFileException x) {
      return new VnfsDifference(abs, Kind.MISSING, typeName(e.type()));
    }
    int mode = (Integer) a.get("mode");
    CapsuleEntry.Type type = typeOf(mode);
    if (type != e.type()) {
      return new VnfsDifference(abs, Kind.TYPE, typeName(type) + " here, " + typeName(e.type()) + " in the capsule");
    }
    switch (type) {
      case FILE -> {
        long size = (Long) a.get("size");
        long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
        // Hard-link names after the first carry no data in the archive: compare only time.
        boolean sizeKnown = e.size() > 0 || e.nlink() <= 1;
        if ((sizeKnown && size != e.size()) || mtime != e.mtime()) {
          return new VnfsDifference(
              abs, Kind.CONTENT, "size " + size + " here, " + e.size() + " in the capsule; mtime "
                  + mtime + " here, " + e.mtime() + " in the capsule");
        }
      }
      case SYMLINK -> {
        String target = Files.readSymbolicLink(p).toString();
        if (!target.equals(e.linkTarget())) {
          return new VnfsDifference(abs, Kind.CONTENT, "-> " + target + " here, -> " + e.linkTarget() + " in the capsule");
        }
      }
      case CHARACTER_DEVICE, BLOCK_DEVICE -> {
        long rdev = (Long) a.get("rdev");
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
        if (major != e.deviceMajor() || minor != e.deviceMinor()) {
          return new VnfsDifference(abs, Kind.CONTENT, "device " + major + ":" + minor + " here, "
              + e.deviceMajor() + ":" + e.deviceMinor() + " in the capsule");
        }
      }
      default -> {}
    }
    int uid = (Integer) a.get("uid");
    int gid = (Integer) a.get("gid");
    int perms = mode & 07777;
    boolean permsMatter = type != CapsuleEntry.Type.SYMLINK;
    if (uid != e.uid() || gid != e.gid() || (permsMatter && perms != e.permissions())) {
      return new VnfsDifference(
          abs, Kind.METADATA,
          String.format("%d:%d %04o here, %d:%d %04o in the capsule", uid, gid, perms, e.uid(), e.gid(), e.permissions()));
    }
    return null;
  }

  static CapsuleEntry.Type typeOf(int mode) {
    return switch (mode & S_IFMT) {
      case 0040000 -> CapsuleEntry.Type.DIRECTORY;
      case 0120000 -> CapsuleEntry.Type.SYMLINK;
      case 0020000 -> CapsuleEntry.Type.CHARACTER_DEVICE;
      case 0060000 -> CapsuleEntry.Type.BLOCK_DEVICE;
      case 0010000 -> CapsuleEntry.Type.FIFO;
      case 0140000 -> CapsuleEntry.Type.SOCKET;
      default -> CapsuleEntry.Type.FILE;
    };
  }

  static String typeName(CapsuleEntry.Type t) {
    return t.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  /** An archive name as a relative path without {@code ./}, empty for the root. */
  public static String normalize(String name) {
    StringBuilder b = new StringBuilder();
    for (String c : name.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(c);
    }
    return b.toString();
  }
}

package dev.ww.node;

import dev.ww.capsule.Capsule;
import dev.ww.capsule.CapsuleEntry;
import dev.ww.core.UserException;
import dev.ww.node.internal.CapsuleDownload;
import dev.ww.node.internal.MasterClient;
import dev.ww.node.internal.ProtectedPaths;
import dev.ww.node.internal.RunLock;
import dev.ww.node.internal.ShellValues;
import dev.ww.node.internal.Sleeper;
import dev.ww.node.internal.TreeDiff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code wwgetvnfs}: makes the running node's tree match its assigned capsule. The capsule is
 * downloaded whole and its SHA-256 checked against the master's node configuration before
 * anything changes; it is extracted by the capsule reader (confined) into a staging directory
 * on the root's filesystem, then each entry is renamed into place; finally what the capsule
 * does not hold is removed. {@code /proc}, {@code /sys}, {@code /dev}, {@code /run},
 * {@code /warewulf}, the configured excludes and any other filesystem mounted below the root are
 * never read, written or removed.
 */
public final class VnfsSync {

  /**
   * @param dryRun only report the differences
   * @param excludes further paths (below the root, {@code *} and {@code ?} allowed) to leave alone
   */
  public record Options(boolean dryRun, List<String> excludes) {
    public Options {
      excludes = List.copyOf(excludes);
    }
  }

  /** What a run found and did. */
  public record Result(List<VnfsDifference> differences, int applied, int removed) {
    public Result {
      differences = List.copyOf(differences);
    }
  }

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final NodePaths paths;
  private final NodeIdentity node;
  private final MasterClient client;
  private final Sleeper sleeper;

  public VnfsSync(NodePaths paths, NodeIdentity node) {
    this.paths = paths;
    this.node = node;
    this.sleeper = Sleeper.REAL;
    this.client = new MasterClient(node, MasterClient.Settings.defaults(), sleeper);
  }

  public Result run(Options options) throws IOException {
    Objects.requireNonNull(options, "options");
    ProtectedPaths protect;
    try {
      protect = new ProtectedPaths(options.excludes());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    try (RunLock lock = RunLock.acquire(paths.lockFile("wwgetvnfs"), "wwgetvnfs")) {
      String sha256 = expectedChecksum();
      Path capsule = new CapsuleDownload(client, sleeper, 10).fetch(paths.stateDir(), sha256);
      try {
        List<CapsuleEntry> entries = list(capsule);
        TreeDiff diff = new TreeDiff(paths.root(), protect);
        List<VnfsDifference> differences = diff.compare(entries);
        if (options.dryRun() || differences.isEmpty()) {
          return new Result(differences, 0, 0);
        }
        return apply(capsule, entries, protect, differences);
      } finally {
        // Not kept, even after a dry run: on a node whose root is a tmpfs it would hold memory.
        Files.deleteIfExists(capsule);
      }
    }
  }

  /** The capsule's SHA-256 from the master's current node configuration. */
  private String expectedChecksum() throws IOException {
    byte[] text = client.getBytes(client.path("/WW/nodeconfig", ""), 1 << 20, "the node configuration");
    Map<String, String> config;
    try {
      config = ShellValues.parse(new String(text, StandardCharsets.UTF_8), "node configuration from the master");
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    if (!config.containsKey("WWVNFS_ID")) {
      throw new UserException("no capsule is assigned to this node (no WWVNFS_ID in its configuration)");
    }
    String sha = config.getOrDefault("WWVNFS_SHA256", config.getOrDefault("WWVNFS_CHECKSUM", ""));
    if (!sha.matches("[0-9a-f]{64}")) {
      throw new UserException(
          "the node configuration has no SHA-256 for the capsule (WWVNFS_SHA256); refusing to apply an unverified capsule");
    }
    return sha;
  }

  private static List<CapsuleEntry> list(Path capsule) throws IOException {
    List<CapsuleEntry> entries = new ArrayList<>();
    try (InputStream in = Files.newInputStream(capsule)) {
      Capsule.reader(in).list(entries::add);
    }
    return entries;
  }

  private Result apply(
      Path capsule, List<CapsuleEntry> entries, ProtectedPaths protect, List<VnfsDifference> differences)
      throws IOException {
    Path root = paths.root();
    Path staging = root.resolve(".ww-vnfs-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
    protect.addMountPoint(root.relativize(staging).toString());
    Files.createDirectory(staging);
    try {
      try (InputStream in = Files.newInputStream(capsule)) {
        Capsule.reader(in).extractTo(staging);
      }
      TreeDiff diff = new TreeDiff(root, protect);
      Map<String, CapsuleEntry> wanted = diff.applicable(entries);
      int applied = 0;
      for (String rel : wanted.keySet()) {
        if (protect.covers(rel)) {
          continue;
        }
        Path src = staging.resolve(rel);
        Path dst = root.resolve(rel);
        if (!Files.exists(src, NOFOLLOW)) {
          continue; // the reader left it out (a socket)
        }
        if (Files.isDirectory(src, NOFOLLOW)) {
          if (Files.exists(dst, NOFOLLOW) && !Files.isDirectory(dst, NOFOLLOW)) {
            Files.delete(dst);
          }
          if (!Files.exists(dst, NOFOLLOW)) {
            Files.createDirectory(dst);
          }
          Map<String, Object> a = Files.readAttributes(src, "unix:uid,gid,mode", NOFOLLOW);
          Files.setAttribute(dst, "unix:uid", a.get("uid"), NOFOLLOW);
          Files.setAttribute(dst, "unix:gid", a.get("gid"), NOFOLLOW);
          Files.setAttribute(dst, "unix:mode", ((Integer) a.get("mode")) & 07777, NOFOLLOW);
        } else {
          if (Files.isDirectory(dst, NOFOLLOW)) {
            deleteTree(dst);
          }
          Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        applied++;
      }
      int removed = 0;
      for (String rel : diff.extras(wanted)) {
        Path p = root.resolve(rel);
        if (Files.isDirectory(p, NOFOLLOW)) {
          try (var s = Files.list(p)) {
            if (s.findAny().isPresent()) {
              continue; // holds something protected
            }
          }
        }
        Files.deleteIfExists(p);
        removed++;
      }
      List<String> dirs = new ArrayList<>(wanted.keySet());
      for (int i = dirs.size() - 1; i >= 0; i--) {
        CapsuleEntry e = wanted.get(dirs.get(i));
        Path p = root.resolve(dirs.get(i));
        if (e.type() == CapsuleEntry.Type.DIRECTORY && !protect.covers(dirs.get(i))
            && Files.isDirectory(p, NOFOLLOW)) {
          Files.setLastModifiedTime(p, FileTime.fromMillis(e.mtime() * 1000));
        }
      }
      return new Result(differences, applied, removed);
    } finally {
      deleteTree(staging);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, NOFOLLOW)) {
      return;
    }
    Object dev = Files.getAttribute(dir, "unix:dev", NOFOLLOW);
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
            if (!Files.getAttribute(d, "unix:dev", NOFOLLOW).equals(dev)) {
              throw new IOException(d + " is a mount point; not removing it");
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            Files.delete(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            if (exc != null) {
              throw exc;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}

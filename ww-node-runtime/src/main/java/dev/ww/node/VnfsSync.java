package dev.ww.node;

import dev.ww.capsule.CapsuleEntry;
import dev.ww.core.UserException;
import dev.ww.node.internal.CapsuleApplier;
import dev.ww.node.internal.CapsuleDownload;
import dev.ww.node.internal.CapsuleIndex;
import dev.ww.node.internal.CapsuleStream;
import dev.ww.node.internal.FilePlacer;
import dev.ww.node.internal.MasterClient;
import dev.ww.node.internal.ProtectedPaths;
import dev.ww.node.internal.RunLock;
import dev.ww.node.internal.ShellValues;
import dev.ww.node.internal.Sleeper;
import dev.ww.node.internal.SyncPlan;
import dev.ww.node.internal.TreeDiff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code wwgetvnfs}: makes the running node's tree match its assigned capsule. A first reading of
 * the capsule checks its SHA-256 against the master's node configuration, records each entry's
 * SHA-256 and lists it, all before anything changes, and the tree is compared with the listing.
 * A second reading hands only the entries that differ (each checked against the first reading)
 * to the capsule reader, which extracts them (confined) into a staging directory on the root's
 * filesystem, a batch at a time, and each is renamed into place; finally what the capsule does
 * not hold is removed. The capsule is read from a verified copy in the state directory, or, where
 * that copy would cost memory, from the master twice. {@code /proc},
 * {@code /sys}, {@code /dev}, {@code /run}, {@code /warewulf}, the configured excludes and any
 * other filesystem mounted below the root are never read, written or removed.
 */
public final class VnfsSync {

  /** File data extracted per batch when not said otherwise: the most staging ever holds, unless one file is larger. */
  public static final long DEFAULT_BATCH_BYTES = 64L << 20;

  /** How the capsule gets to the node. */
  public enum Transfer {
    /** {@link #STREAM} when the state directory is in memory (tmpfs, ramfs), else {@link #COPY}. */
    AUTO,
    /**
     * Read from the master twice, keeping nothing: the first reading verifies the SHA-256 and
     * lists, the second applies, each entry checked against the first reading.
     */
    STREAM,
    /** Downloaded into the state directory and verified first, then read twice from there. */
    COPY
  }

  /**
   * @param dryRun only report the differences
   * @param excludes further paths (below the root, {@code *} and {@code ?} allowed) to leave alone
   * @param checksum also compare the content of files whose size and time are equal (reads every
   *     such file on the node and in the capsule)
   * @param batchBytes file data extracted into the staging directory before it is moved into
   *     place and the staging directory emptied
   * @param transfer whether to keep a copy of the capsule during the sync
   */
  public record Options(
      boolean dryRun, List<String> excludes, boolean checksum, long batchBytes, Transfer transfer) {
    public Options {
      excludes = List.copyOf(excludes);
      Objects.requireNonNull(transfer, "transfer");
      if (batchBytes < 0) {
        throw new IllegalArgumentException("negative batch size");
      }
    }

    public Options(boolean dryRun, List<String> excludes) {
      this(dryRun, excludes, false, DEFAULT_BATCH_BYTES, Transfer.AUTO);
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
      boolean stream = options.transfer() == Transfer.STREAM
          || (options.transfer() == Transfer.AUTO && inMemory(paths.stateDir()));
      Path copy = stream ? null : new CapsuleDownload(client, sleeper, 10).fetch(paths.stateDir(), sha256);
      try {
        CapsuleIndex index = copy != null ? indexOf(copy) : indexVerified(sha256);
        List<CapsuleEntry> entries = index.entries();
        TreeDiff diff = new TreeDiff(paths.root(), protect);
        List<VnfsDifference> differences = diff.compare(entries);
        SyncPlan plan = SyncPlan.of(entries, differences, protect, options.checksum());
        CapsuleApplier applier = new CapsuleApplier(paths.root(), index, plan, options.batchBytes());
        if (options.dryRun()) {
          if (options.checksum()) {
            try (InputStream in = open(copy, sha256)) {
              applier.compareOnly(in);
            }
            differences = withContentDifferences(differences, applier.contentDifferences());
          }
          return new Result(differences, 0, 0);
        }
        if (differences.isEmpty() && !options.checksum()) {
          return new Result(differences, 0, 0);
        }
        return apply(copy, sha256, applier, entries, plan, protect, differences);
      } finally {
        // Not kept, even after a dry run: on a node whose root is a tmpfs it would hold memory.
        if (copy != null) {
          Files.deleteIfExists(copy);
        }
      }
    }
  }

  /** Whether {@code dir} (or the directory it will be created in) is a filesystem in memory. */
  static boolean inMemory(Path dir) {
    Path p = dir;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    try {
      String type = p == null ? "" : Files.getFileStore(p).type();
      return type.equals("tmpfs") || type.equals("ramfs");
    } catch (IOException e) {
      return false;
    }
  }

  private InputStream open(Path copy, String sha256) throws IOException {
    return copy != null ? Files.newInputStream(copy) : new CapsuleStream(client, sleeper, sha256, 10);
  }

  private static CapsuleIndex indexOf(Path copy) throws IOException {
    try (InputStream in = Files.newInputStream(copy)) {
      return CapsuleIndex.read(in, false);
    }
  }

  /**
   * The first reading straight from the master, with the SHA-256 of the whole body checked at
   * its end, before anything is compared or changed.
   */
  private CapsuleIndex indexVerified(String sha256) throws IOException {
    MessageDigest md = FilePlacer.sha256();
    try (InputStream in = new DigestInputStream(new CapsuleStream(client, sleeper, sha256, 10), md)) {
      CapsuleIndex index;
      try {
        index = CapsuleIndex.read(in, true);
      } catch (dev.ww.core.WwException | IOException e) {
        // A corrupt transfer makes an unreadable archive: say what the checksum says, if it can.
        drain(in);
        verify(md, sha256);
        throw e;
      }
      drain(in);
      verify(md, sha256);
      return index;
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 16];
    while (in.read(buf) >= 0) {
      // the rest of the body counts for the checksum
    }
  }

  private static void verify(MessageDigest md, String sha256) {
    String got = HexFormat.of().formatHex(md.digest());
    if (!got.equals(sha256)) {
      throw new UserException(
          "The capsule's SHA-256 is " + got + ", expected " + sha256
              + ": corrupt download; nothing on this node was changed");
    }
  }

  /** Content differences go before the extras, as the comparison lists them. */
  private static List<VnfsDifference> withContentDifferences(
      List<VnfsDifference> differences, List<VnfsDifference> content) {
    List<VnfsDifference> out = new ArrayList<>();
    for (VnfsDifference d : differences) {
      if (d.kind() != VnfsDifference.Kind.EXTRA) {
        out.add(d);
      }
    }
    out.addAll(content);
    for (VnfsDifference d : differences) {
      if (d.kind() == VnfsDifference.Kind.EXTRA) {
        out.add(d);
      }
    }
    return out;
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

  private Result apply(
      Path copy, String sha256, CapsuleApplier applier, List<CapsuleEntry> entries, SyncPlan plan,
      ProtectedPaths protect, List<VnfsDifference> differences) throws IOException {
    Path root = paths.root();
    Path staging = root.resolve(".ww-vnfs-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
    protect.addMountPoint(root.relativize(staging).toString());
    Files.createDirectory(
        staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      if (plan.hasWork()) {
        try (InputStream in = open(copy, sha256)) {
          applier.apply(in, staging);
        }
      }
      TreeDiff diff = new TreeDiff(root, protect);
      Map<String, CapsuleEntry> wanted = diff.applicable(entries);
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
      return new Result(
          withContentDifferences(differences, applier.contentDifferences()), applier.applied(), removed);
    } finally {
      CapsuleApplier.deleteTree(staging);
    }
  }
}

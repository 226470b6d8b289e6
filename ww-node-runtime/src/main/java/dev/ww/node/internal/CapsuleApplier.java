package dev.ww.node.internal;

import dev.ww.capsule.Capsule;
import dev.ww.capsule.CapsuleEntry;
import dev.ww.node.VnfsDifference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The second pass of {@code wwgetvnfs --force} over the verified capsule file: streams it once
 * more and hands the entries that differ, byte for byte as stored, to the capsule reader, which
 * extracts them confined into a staging directory on the root's filesystem. That happens in
 * batches of at most {@code batchBytes} of file data, counted in the 4 KiB pages a tmpfs gives
 * each file (a larger file is a batch of its own): after
 * each batch the entries are renamed into place (so each file is replaced atomically and running
 * programs keep their old inode) and the staging directory is emptied. The extra space a sync
 * needs is therefore one batch, not a second copy of the tree. Directories are created or given
 * their owner and mode from the listing, hard-link members are linked to their group's carrier,
 * all in archive order.
 */
public final class CapsuleApplier {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path root;
  private final CapsuleIndex listing;
  private final SyncPlan plan;
  private final long batchBytes;
  private final boolean[] placed;
  private final boolean[] mismatch;
  private final List<VnfsDifference> found = new ArrayList<>();
  private int applied;

  public CapsuleApplier(Path root, CapsuleIndex index, SyncPlan plan, long batchBytes) {
    if (batchBytes < 0) {
      throw new IllegalArgumentException("negative batch size");
    }
    this.root = root;
    this.listing = index;
    this.plan = plan;
    this.batchBytes = batchBytes;
    this.placed = new boolean[plan.size()];
    this.mismatch = new boolean[plan.size()];
  }

  /** How many entries were applied (created, replaced, linked or given owner and mode). */
  public int applied() {
    return applied;
  }

  /** Files of equal size and time whose content differed ({@link SyncPlan.Action#CHECK}). */
  public List<VnfsDifference> contentDifferences() {
    return List.copyOf(found);
  }

  /**
   * Applies the plan, reading the capsule (any compression) from {@code compressed} and
   * extracting through {@code staging} (an empty directory below the root).
   */
  public void apply(InputStream compressed, Path staging) throws IOException {
    try (InputStream in = Decompression.open(compressed)) {
      NewcScanner scanner = new NewcScanner(in);
      BatchStream batch = new BatchStream(scanner);
      do {
        batch.start();
        Capsule.reader(batch).extractTo(staging);
        if (!batch.closed) {
          throw new IOException("the capsule reader stopped before the end of a batch");
        }
        for (int i : batch.actions) {
          execute(i, staging);
        }
        emptyDirectory(staging);
      } while (!batch.finished);
    }
  }

  /** Only compares: the files of equal size and time whose content differs (for a dry run). */
  public void compareOnly(InputStream compressed) throws IOException {
    try (InputStream in = Decompression.open(compressed)) {
      NewcScanner scanner = new NewcScanner(in);
      byte[] buf = new byte[1 << 16];
      for (int i = 0; ; i++) {
        NewcScanner.Entry e = scanner.next();
        if (e == null) {
          checkCount(i);
          return;
        }
        checkName(i, e);
        if (plan.action(i) != SyncPlan.Action.CHECK) {
          continue;
        }
        Comparison c = new Comparison(root.resolve(plan.rel(i)));
        for (int n; (n = scanner.read(buf, 0, buf.length)) > 0; ) {
          c.update(buf, 0, n);
        }
        if (!c.finish()) {
          contentDiffers(i);
        }
      }
    }
  }

  private void contentDiffers(int i) {
    mismatch[i] = true;
    found.add(new VnfsDifference("/" + plan.rel(i), VnfsDifference.Kind.CONTENT,
        "same size and time, other content"));
  }

  private void checkCount(int seen) {
    if (seen != plan.size()) {
      throw new IllegalStateException(
          "the capsule has " + seen + " entries on a second reading, " + plan.size() + " on the first");
    }
  }

  /** The same file is read twice: a name that differs is a bug, never a choice. */
  private void checkName(int i, NewcScanner.Entry e) {
    if (i >= plan.size()) {
      throw new IllegalStateException("the capsule has more entries on a second reading");
    }
    String name;
    try {
      name = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(e.name())).toString();
    } catch (CharacterCodingException x) {
      return; // shown differently by the listing
    }
    if (!TreeDiff.normalize(name).equals(plan.rel(i))) {
      throw new IllegalStateException(
          "entry " + i + " is '" + name + "' on a second reading, '" + plan.entry(i).name() + "' on the first");
    }
  }

  private void execute(int i, Path staging) throws IOException {
    switch (plan.action(i)) {
      case DIRECTORY -> directory(i);
      case EXTRACT -> carrierDone(i, place(i, staging));
      case CHECK -> {
        if (mismatch[i]) {
          carrierDone(i, place(i, staging));
        } else {
          carrierDone(i, false);
        }
      }
      case MEMBER -> {
        int c = plan.carrier(i);
        if (c < i && (placed[c] || plan.differs(i))) {
          link(i, c);
        }
      }
      default -> {
        if (plan.members(i).length > 0) {
          carrierDone(i, false);
        }
      }
    }
  }

  /** After a carrier's turn: members already passed are linked (all of them if it was replaced). */
  private void carrierDone(int c, boolean replaced) throws IOException {
    placed[c] = replaced;
    for (int m : plan.members(c)) {
      if (m < c && (replaced || plan.differs(m))) {
        link(m, c);
      }
    }
  }

  private boolean place(int i, Path staging) throws IOException {
    String rel = plan.rel(i);
    Path src = staging.resolve(rel);
    if (!Files.exists(src, NOFOLLOW)) {
      return false; // a name this system cannot represent; see the documented limits
    }
    Path dst = root.resolve(rel);
    if (Files.isDirectory(dst, NOFOLLOW)) {
      deleteTree(dst);
    }
    Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    applied++;
    return true;
  }

  private void link(int member, int carrier) throws IOException {
    Path dst = root.resolve(plan.rel(member));
    Path tmp = dst.resolveSibling(
        "." + dst.getFileName() + ".ww-link-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
    Files.createLink(tmp, root.resolve(plan.rel(carrier)));
    try {
      if (Files.isDirectory(dst, NOFOLLOW)) {
        deleteTree(dst);
      }
      Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      applied++;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void directory(int i) throws IOException {
    CapsuleEntry e = plan.entry(i);
    Path dst = root.resolve(plan.rel(i));
    if (Files.exists(dst, NOFOLLOW) && !Files.isDirectory(dst, NOFOLLOW)) {
      Files.delete(dst);
    }
    if (!Files.exists(dst, NOFOLLOW)) {
      Files.createDirectory(dst);
    }
    Files.setAttribute(dst, "unix:uid", (int) e.uid(), NOFOLLOW);
    Files.setAttribute(dst, "unix:gid", (int) e.gid(), NOFOLLOW);
    Files.setAttribute(dst, "unix:mode", e.permissions(), NOFOLLOW);
    applied++;
  }

  /** Removes everything below {@code dir}, never crossing into another filesystem. */
  public static void deleteTree(Path dir) throws IOException {
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

  private static void emptyDirectory(Path dir) throws IOException {
    try (var children = Files.list(dir)) {
      for (Path p : (Iterable<Path>) children::iterator) {
        if (Files.isDirectory(p, NOFOLLOW)) {
          // the reader leaves read-only directories as the capsule has them; make them removable
          Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
              Files.setAttribute(d, "unix:mode", 0700, NOFOLLOW);
              return FileVisitResult.CONTINUE;
            }
          });
          deleteTree(p);
        } else {
          Files.delete(p);
        }
      }
    }
  }

  /** Compares a stream of bytes with a file on the node, without reading past a difference. */
  private static final class Comparison {
    private InputStream node;
    private boolean same = true;
    private final byte[] buf = new byte[1 << 16];

    Comparison(Path p) {
      try {
        node = Files.newInputStream(p, NOFOLLOW);
      } catch (IOException e) {
        same = false;
      }
    }

    void update(byte[] b, int off, int len) throws IOException {
      if (!same) {
        return;
      }
      int got = node.readNBytes(buf, 0, len);
      if (got != len || !java.util.Arrays.equals(buf, 0, len, b, off, off + len)) {
        same = false;
        node.close();
      }
    }

    boolean finish() throws IOException {
      if (same) {
        same = node.read() < 0;
        node.close();
      }
      return same;
    }
  }

  /**
   * The archive the capsule reader sees for one batch: the attribute manifest (when the capsule
   * has one and it has been read), the chosen entries exactly as stored, and a trailer. Entries
   * are chosen while the reader reads, so a batch never needs to be held anywhere.
   */
  private final class BatchStream extends InputStream {
    private final NewcScanner scanner;
    private byte[] manifestBytes;
    private java.io.ByteArrayOutputStream manifestCopy;
    final List<Integer> actions = new ArrayList<>();
    private int index = -1;
    private NewcScanner.Entry pending;
    private long dataBytes;
    private byte[] segment;
    private int segmentPos;
    private long dataLeft;
    private int padAfter;
    private Comparison comparison;
    private final java.security.MessageDigest md = FilePlacer.sha256();
    private boolean digesting;
    private int current = -1;
    boolean closed;
    boolean finished;

    BatchStream(NewcScanner scanner) {
      this.scanner = scanner;
    }

    void start() {
      actions.clear();
      dataBytes = 0;
      closed = false;
      segment = manifestBytes;
      segmentPos = 0;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (true) {
        if (segment != null && segmentPos < segment.length) {
          int n = Math.min(len, segment.length - segmentPos);
          System.arraycopy(segment, segmentPos, b, off, n);
          segmentPos += n;
          return n;
        }
        if (dataLeft > 0) {
          int n = scanner.read(b, off, (int) Math.min(len, dataLeft));
          dataLeft -= n;
          if (digesting) {
            md.update(b, off, n);
          }
          if (comparison != null) {
            comparison.update(b, off, n);
          }
          if (manifestCopy != null) {
            manifestCopy.write(b, off, n);
          }
          if (dataLeft == 0) {
            endOfData();
          }
          return n;
        }
        if (closed) {
          return -1;
        }
        advance();
      }
    }

    private void endOfData() throws IOException {
      verify();
      if (comparison != null) {
        if (!comparison.finish()) {
          contentDiffers(current);
        }
        comparison = null;
      }
      segment = new byte[padAfter];
      segmentPos = 0;
      if (manifestCopy != null) {
        manifestCopy.write(segment, 0, padAfter);
        manifestBytes = manifestCopy.toByteArray();
        manifestCopy = null;
      }
    }

    /** Sets up the next entry to pass on, or the trailer. */
    private void advance() throws IOException {
      boolean manifestSeen = plan.manifest() < 0 || index >= plan.manifest();
      if (!actions.isEmpty() && dataBytes >= batchBytes && manifestSeen) {
        close(false);
        return;
      }
      NewcScanner.Entry e = pending;
      pending = null;
      if (e == null) {
        e = scanner.next();
        if (e == null) {
          checkCount(index + 1);
          close(true);
          return;
        }
        index++;
        checkName(index, e);
      }
      current = index;
      segment = null;
      if (index == plan.manifest()) {
        manifestCopy = new java.io.ByteArrayOutputStream();
        manifestCopy.write(e.prefix(), 0, e.prefix().length);
        pass(e);
        return;
      }
      switch (plan.action(index)) {
        case EXTRACT, CHECK -> {
          long cost = pages(e.size());
          if (dataBytes > 0 && dataBytes + cost > batchBytes && manifestSeen) {
            pending = e; // it starts the next batch: this one stays within its size
            close(false);
            return;
          }
          actions.add(index);
          dataBytes += cost;
          if (plan.action(index) == SyncPlan.Action.CHECK) {
            comparison = new Comparison(root.resolve(plan.rel(index)));
          }
          pass(e);
        }
        case DIRECTORY, MEMBER -> actions.add(index);
        default -> {
          if (plan.members(index).length > 0) {
            actions.add(index); // a carrier that stays: members before it may need linking
          }
        }
      }
    }

    /** Passes the entry on: its header and name, then (from the scanner) its data and padding. */
    /** What a file of {@code size} bytes takes on the filesystem: whole 4 KiB pages (tmpfs). */
    private long pages(long size) {
      return (size + 4095) & ~4095L;
    }

    private void pass(NewcScanner.Entry e) throws IOException {
      segment = e.prefix();
      segmentPos = 0;
      dataLeft = e.size();
      padAfter = e.dataPadding();
      digesting = listing.hasDigests();
      if (digesting) {
        md.reset();
        md.update(e.prefix());
      }
      if (dataLeft == 0) {
        verify();
        // Nothing follows the name; finish as the data's end would, without touching the segment.
        if (comparison != null) {
          if (!comparison.finish()) {
            contentDiffers(current);
          }
          comparison = null;
        }
        if (manifestCopy != null) {
          manifestBytes = manifestCopy.toByteArray();
          manifestCopy = null;
        }
      }
    }

    /**
     * The entry read now must be the one the first reading listed and verified; the capsule
     * reader has then only written it into the staging directory, so a mismatch changes nothing
     * on the node.
     */
    private void verify() {
      if (digesting && !listing.matches(current, md.digest())) {
        throw new dev.ww.core.UserException(
            "entry '" + plan.entry(current).name() + "' of the capsule differs from what its first"
                + " reading verified (the capsule changed or the transfer is corrupt); it was not"
                + " applied; run again");
      }
    }

    private void close(boolean end) {
      segment = NewcScanner.trailer();
      segmentPos = 0;
      closed = true;
      finished = end;
    }
  }
}

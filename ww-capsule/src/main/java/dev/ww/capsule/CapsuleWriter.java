package dev.ww.capsule;

import dev.ww.capsule.internal.ArchivePlan;
import dev.ww.capsule.internal.Chunk;
import dev.ww.capsule.internal.ChunkPipeline;
import dev.ww.capsule.internal.Chunker;
import dev.ww.capsule.internal.NativeCalls;
import dev.ww.capsule.internal.RawNames;
import dev.ww.capsule.internal.TreeScanner;
import dev.ww.capsule.internal.compress.ChunkCompression;
import dev.ww.capsule.internal.compress.Libdeflate;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.StepTimer;
import dev.ww.core.os.JnaLinuxOs;
import dev.ww.core.os.LinuxOs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a capsule from a tree. The same tree, rules and compression always give the same
 * bytes: entries are sorted by name, inode numbers come from the names, nothing from the host
 * (device numbers, the clock) enters the archive, and the archive is compressed in chunks cut
 * where the content says (see {@code docs/capsule.md}), each a complete gzip member, zstd
 * frame or xz stream. Given the {@link BuildIndex} of an earlier build ({@link #reuse}), chunks
 * whose inputs did not change are copied from the earlier capsule, with the same result.
 */
public final class CapsuleWriter {

  private final Path root;
  private PathRules rules = PathRules.none();
  private Compression compression = Compression.gzip();
  private EventHandlers events = EventHandlers.none();
  private LinuxOs os;
  private int threads = Runtime.getRuntime().availableProcessors();
  private ChunkPipeline.Reuse reuse;

  CapsuleWriter(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** What to leave out or hybridize (default: nothing). */
  public CapsuleWriter rules(PathRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    return this;
  }

  /** The compression (default: gzip level 6). */
  public CapsuleWriter compression(Compression compression) {
    this.compression = Objects.requireNonNull(compression, "compression");
    return this;
  }

  /** Where progress, warnings and timings go (default: nowhere). */
  public CapsuleWriter events(EventHandlers events) {
    this.events = Objects.requireNonNull(events, "events");
    return this;
  }

  /** The OS interface used for extended attributes (default: the real one). */
  public CapsuleWriter os(LinuxOs os) {
    this.os = Objects.requireNonNull(os, "os");
    return this;
  }

  /** Compression threads (default: the number of processors); the output does not depend on it. */
  public CapsuleWriter threads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.threads = threads;
    return this;
  }

  /**
   * Reuses the work of an earlier build of this tree: its index and a way to read its capsule.
   * An index made with another compression is ignored; a capsule that does not match its index
   * is noticed (every reused chunk is checked) and the rest is compressed afresh.
   */
  public CapsuleWriter reuse(BuildIndex previous, CapsuleSource capsule) {
    this.reuse =
        new ChunkPipeline.Reuse(
            Objects.requireNonNull(previous, "previous"), Objects.requireNonNull(capsule, "capsule"));
    return this;
  }

  /**
   * Scans the tree and writes the compressed capsule to {@code out}, which is flushed but not
   * closed. When this throws, what was written to {@code out} is incomplete and must be
   * discarded.
   */
  public CapsuleWriteResult writeTo(OutputStream out) throws IOException {
    long start = System.nanoTime();
    java.time.Instant scanStart = java.time.Instant.now();
    LinuxOs linuxOs = os != null ? os : JnaLinuxOs.load();
    ChunkCompression chunkCompression = chunkCompression();
    TreeScanner.Result scan;
    try (StepTimer timer = events.time("Scanning the tree")) {
      scan =
          new TreeScanner(root, rules, linuxOs, NativeCalls.load(), RawNames.forThisJvm(), events)
              .scan();
    }
    ArchivePlan plan = ArchivePlan.of(scan.entries());
    Chunker chunker = new Chunker(chunkCompression.averageChunk());
    List<Chunk> chunks = chunker.split(plan.records());
    ChunkPipeline.Reuse usable =
        reuse != null && reuse.index().compression().equals(chunkCompression.identity())
            ? reuse
            : null;
    if (reuse != null && usable == null) {
      events.info("the previous build used other compression settings; compressing everything");
    }
    ChunkPipeline.Result written;
    try (StepTimer timer = events.time("Writing and compressing the capsule")) {
      int workers = chunkCompression.threadsWithin(threads, Runtime.getRuntime().maxMemory());
      written =
          new ChunkPipeline(chunkCompression, workers, events)
              .write(plan.records(), chunks, chunker.maximumChunk(), usable, out);
    }
    String sha256 = written.sha256();
    BuildIndex index =
        new BuildIndex(
            BuildIndex.VERSION,
            chunkCompression.identity(),
            sha256,
            written.bytes(),
            scanStart.getEpochSecond() * 1_000_000_000L + scanStart.getNano(),
            written.chunks());
    return new CapsuleWriteResult(
        plan.entries().size(),
        plan.archiveBytes(),
        written.bytes(),
        sha256,
        scan.excluded(),
        scan.hybridizedAway(),
        scan.hybridLinks(),
        scan.skipped(),
        chunks.size(),
        written.reused(),
        chunkCompression.library(),
        index,
        java.time.Duration.ofNanos(System.nanoTime() - start));
  }

  private ChunkCompression chunkCompression() {
    Optional<Libdeflate> libdeflate = Optional.empty();
    if (compression.format() == Compression.Format.GZIP) {
      libdeflate = Libdeflate.find();
      if (libdeflate.isEmpty()) {
        events.warn(
            "libdeflate is not installed (Debian: libdeflate0, RHEL: libdeflate); gzip"
                + " compression falls back to zlib and takes about 2.5 times as long");
      }
    }
    return ChunkCompression.of(compression, libdeflate);
  }
}

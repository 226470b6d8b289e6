package dev.ww.capsule;

import dev.ww.capsule.internal.ArchivePlan;
import dev.ww.capsule.internal.ArchiveWriter;
import dev.ww.capsule.internal.CompressionStreams;
import dev.ww.capsule.internal.CountingOutputStream;
import dev.ww.capsule.internal.NativeCalls;
import dev.ww.capsule.internal.RawNames;
import dev.ww.capsule.internal.TreeScanner;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.StepTimer;
import dev.ww.core.os.JnaLinuxOs;
import dev.ww.core.os.LinuxOs;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Builds a capsule from a tree. The same tree, rules and compression always give the same
 * bytes: entries are sorted by name, inode numbers are counted in archive order, and nothing
 * from the host (device numbers, the clock) enters the archive.
 */
public final class CapsuleWriter {

  private final Path root;
  private PathRules rules = PathRules.none();
  private Compression compression = Compression.gzip();
  private EventHandlers events = EventHandlers.none();
  private LinuxOs os;
  private int threads = Runtime.getRuntime().availableProcessors();

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
   * Scans the tree and writes the compressed capsule to {@code out}, which is flushed but not
   * closed. When this throws, what was written to {@code out} is incomplete and must be
   * discarded.
   */
  public CapsuleWriteResult writeTo(OutputStream out) throws IOException {
    long start = System.nanoTime();
    LinuxOs linuxOs = os != null ? os : JnaLinuxOs.load();
    TreeScanner.Result scan;
    try (StepTimer timer = events.time("Scanning the tree")) {
      scan =
          new TreeScanner(root, rules, linuxOs, NativeCalls.load(), RawNames.forThisJvm(), events)
              .scan();
    }
    ArchivePlan plan = ArchivePlan.of(scan.entries());
    CountingOutputStream compressed = new CountingOutputStream(out, true, false);
    CountingOutputStream archive;
    long entries;
    try (StepTimer timer = events.time("Writing and compressing the capsule")) {
      OutputStream compressing = CompressionStreams.compressing(compression, compressed, threads);
      archive = new CountingOutputStream(compressing, false, true);
      try (OutputStream buffered = new BufferedOutputStream(archive, 1 << 16)) {
        entries = new ArchiveWriter(events).write(plan, buffered);
      }
    }
    return new CapsuleWriteResult(
        entries,
        archive.count(),
        compressed.count(),
        compressed.sha256(),
        scan.excluded(),
        scan.hybridizedAway(),
        scan.hybridLinks(),
        scan.skipped(),
        java.time.Duration.ofNanos(System.nanoTime() - start));
  }
}

package dev.ww.capsule.internal;

import dev.ww.capsule.BuildIndex;
import dev.ww.capsule.CapsuleSource;
import dev.ww.capsule.internal.compress.ChunkCompression;
import dev.ww.capsule.internal.compress.ChunkCompressor;
import dev.ww.core.concurrent.Results;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.ProgressEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Writes the chunks of an archive in order: each either compressed on a worker thread (which
 * also reads the chunk's files) or, when an earlier build made the same chunk, copied from that
 * build's capsule. At most a fixed number of chunks are in flight, so memory does not grow with
 * the tree. The output depends only on the chunks, never on the threads or on what was reused.
 */
public final class ChunkPipeline {

  private final ChunkCompression compression;
  private final int threads;
  private final EventHandlers events;

  public ChunkPipeline(ChunkCompression compression, int threads, EventHandlers events) {
    this.compression = compression;
    this.threads = threads;
    this.events = events;
  }

  /** An earlier build to reuse chunks from. */
  public record Reuse(BuildIndex index, CapsuleSource source) {}

  /**
   * What was written: the chunks (for the build index), how many were copied from the earlier
   * build, the total bytes and their SHA-256.
   */
  public record Result(List<BuildIndex.ChunkRecord> chunks, long reused, long bytes, String sha256) {}

  public Result write(
      List<ScannedEntry> records, List<Chunk> chunks, long maximumChunk, Reuse reuse,
      OutputStream out) throws IOException {
    ChunkAssembler assembler = new ChunkAssembler(records);
    ChunkKeys keys = new ChunkKeys(records, compression.identity());
    List<ChunkCompressor> compressors = Collections.synchronizedList(new ArrayList<>());
    ThreadLocal<Worker> workers =
        ThreadLocal.withInitial(
            () -> {
              Worker worker = new Worker(compression.newCompressor(), new byte[(int) maximumChunk]);
              compressors.add(worker.compressor);
              return worker;
            });
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "capsule-compress");
              thread.setDaemon(true);
              return thread;
            });
    BackgroundDigest digest = new BackgroundDigest();
    Writer writer = new Writer(out, digest, reuse, assembler, workers, totalLength(chunks));
    try {
      Map<String, BuildIndex.ChunkRecord> previous = previousChunks(reuse);
      long plannedCursor = 0;
      ArrayDeque<Pending> pending = new ArrayDeque<>();
      int maxInFlight = threads * 2 + 2;
      for (Chunk chunk : chunks) {
        String key = keys.key(chunk);
        BuildIndex.ChunkRecord old = previous.get(key);
        if (old != null
            && old.offset() >= plannedCursor
            && keys.trusted(chunk, reuse.index().scanStartNanos())) {
          pending.add(new Pending(chunk, key, old, null));
          plannedCursor = old.offset() + old.length();
        } else {
          pending.add(
              new Pending(chunk, key, null, pool.submit(() -> workers.get().compress(assembler, chunk))));
        }
        while (pending.size() >= maxInFlight) {
          writer.write(pending.poll());
        }
      }
      while (!pending.isEmpty()) {
        writer.write(pending.poll());
      }
      out.flush();
      return new Result(writer.written, writer.reused, writer.offset, digest.finish());
    } finally {
      digest.close();
      pool.shutdownNow();
      writer.closePrevious();
      for (ChunkCompressor compressor : compressors) {
        compressor.close();
      }
    }
  }

  private static long totalLength(List<Chunk> chunks) {
    long total = 0;
    for (Chunk chunk : chunks) {
      total += chunk.length();
    }
    return total;
  }

  private static Map<String, BuildIndex.ChunkRecord> previousChunks(Reuse reuse) {
    Map<String, BuildIndex.ChunkRecord> byKey = new HashMap<>();
    if (reuse != null) {
      for (BuildIndex.ChunkRecord record : reuse.index().chunks()) {
        byKey.putIfAbsent(record.key(), record);
      }
    }
    return byKey;
  }

  private record Pending(Chunk chunk, String key, BuildIndex.ChunkRecord old, Future<byte[]> compressed) {}

  /** A worker thread's compressor and chunk buffer. */
  private static final class Worker {
    final ChunkCompressor compressor;
    final byte[] buffer;

    Worker(ChunkCompressor compressor, byte[] buffer) {
      this.compressor = compressor;
      this.buffer = buffer;
    }

    byte[] compress(ChunkAssembler assembler, Chunk chunk) throws IOException {
      assembler.assemble(chunk, buffer);
      return compressor.compress(buffer, (int) chunk.length());
    }
  }

  /** Writes chunks in order on the calling thread, reading reused ones from the old capsule. */
  private final class Writer {
    final OutputStream out;
    final BackgroundDigest digest;
    final Reuse reuse;
    final ChunkAssembler assembler;
    final ThreadLocal<Worker> workers;
    final long total;
    final List<BuildIndex.ChunkRecord> written = new ArrayList<>();
    final CRC32C crc = new CRC32C();
    InputStream previous;
    long previousCursor;
    boolean previousBroken;
    long offset;
    long done;
    long reused;

    Writer(
        OutputStream out, BackgroundDigest digest, Reuse reuse, ChunkAssembler assembler,
        ThreadLocal<Worker> workers, long total) {
      this.out = out;
      this.digest = digest;
      this.reuse = reuse;
      this.assembler = assembler;
      this.workers = workers;
      this.total = total;
    }

    void write(Pending pending) throws IOException {
      byte[] bytes = null;
      if (pending.old() != null) {
        bytes = copyFromPrevious(pending.old());
        if (bytes == null) {
          bytes = workers.get().compress(assembler, pending.chunk());
        } else {
          reused++;
        }
      } else {
        bytes = Results.await(pending.compressed(), "compressing the capsule");
      }
      crc.reset();
      crc.update(bytes, 0, bytes.length);
      out.write(bytes);
      digest.update(bytes);
      written.add(new BuildIndex.ChunkRecord(pending.key(), offset, bytes.length, (int) crc.getValue()));
      offset += bytes.length;
      done += pending.chunk().length();
      events.dispatch(new ProgressEvent("Writing capsule", done, total, "bytes"));
    }

    /** The old chunk's bytes, or null when the old capsule does not hold them as indexed. */
    private byte[] copyFromPrevious(BuildIndex.ChunkRecord old) throws IOException {
      if (previousBroken) {
        return null;
      }
      try {
        if (previous == null) {
          previous = reuse.source().open();
        }
        previous.skipNBytes(old.offset() - previousCursor);
        byte[] bytes = previous.readNBytes((int) old.length());
        previousCursor = old.offset() + bytes.length;
        crc.reset();
        crc.update(bytes, 0, bytes.length);
        if (bytes.length == old.length() && (int) crc.getValue() == old.crc32c()) {
          return bytes;
        }
        events.warn(
            "the previous capsule does not match its build index (chunk at " + old.offset()
                + "); compressing everything that is left");
      } catch (IOException e) {
        events.warn(
            "cannot read the previous capsule (" + e.getMessage() + "); compressing everything"
                + " that is left");
      }
      previousBroken = true;
      return null;
    }

    void closePrevious() {
      if (previous != null) {
        try {
          previous.close();
        } catch (IOException ignored) {
          // only read from; nothing to lose
        }
      }
    }
  }
}

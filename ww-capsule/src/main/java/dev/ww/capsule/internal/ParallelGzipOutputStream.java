package dev.ww.capsule.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A single standard gzip member whose deflate data is made of blocks compressed independently
 * on several threads: each block of input is deflated on its own, primed with the last 32 KiB
 * of the block before it as dictionary, and ended with a sync flush so that the blocks simply
 * concatenate; the last one finishes the stream. Any gzip reader sees one ordinary member.
 *
 * <p>The output depends only on the input, the level and the block size, never on the number
 * of threads or on timing.
 */
public final class ParallelGzipOutputStream extends OutputStream {

  /** Input per block; 128 KiB as pigz uses. */
  public static final int BLOCK_SIZE = 128 * 1024;

  private static final int DICTIONARY_SIZE = 32 * 1024;

  private final OutputStream out;
  private final int level;
  private final ExecutorService pool;
  private final int maxInFlight;
  private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private final ThreadLocal<Deflater> deflaters;
  private byte[] block = new byte[BLOCK_SIZE];
  private int filled;
  private byte[] previousTail;
  private long totalIn;
  private boolean closed;

  public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("gzip level must be 1..9: " + level);
    }
    this.out = out;
    this.level = level;
    int workers = Math.max(1, threads);
    this.maxInFlight = workers * 2 + 2;
    this.pool =
        Executors.newFixedThreadPool(
            workers,
            runnable -> {
              Thread thread = new Thread(runnable, "capsule-gzip");
              thread.setDaemon(true);
              return thread;
            });
    this.deflaters = ThreadLocal.withInitial(() -> new Deflater(level, true));
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) extraFlags(level), 3});
  }

  private static int extraFlags(int level) {
    return level == 9 ? 2 : level == 1 ? 4 : 0;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    ensureOpen();
    while (length > 0) {
      if (filled == BLOCK_SIZE) {
        submit(false);
      }
      int chunk = Math.min(length, BLOCK_SIZE - filled);
      System.arraycopy(data, offset, block, filled, chunk);
      filled += chunk;
      offset += chunk;
      length -= chunk;
    }
  }

  private void submit(boolean last) throws IOException {
    byte[] input = block;
    int inputLength = filled;
    byte[] dictionary = previousTail;
    crc.update(input, 0, inputLength);
    totalIn += inputLength;
    previousTail =
        inputLength >= DICTIONARY_SIZE
            ? Arrays.copyOfRange(input, inputLength - DICTIONARY_SIZE, inputLength)
            : joinTail(dictionary, input, inputLength);
    pending.add(pool.submit(() -> compress(input, inputLength, dictionary, last)));
    block = new byte[BLOCK_SIZE];
    filled = 0;
    while (pending.size() >= maxInFlight) {
      writeOldest();
    }
  }

  private static byte[] joinTail(byte[] dictionary, byte[] input, int length) {
    byte[] before = dictionary == null ? new byte[0] : dictionary;
    byte[] joined = Arrays.copyOf(before, before.length + length);
    System.arraycopy(input, 0, joined, before.length, length);
    return joined.length > DICTIONARY_SIZE
        ? Arrays.copyOfRange(joined, joined.length - DICTIONARY_SIZE, joined.length)
        : joined;
  }

  private byte[] compress(byte[] input, int length, byte[] dictionary, boolean last) {
    Deflater deflater = deflaters.get();
    deflater.reset();
    if (dictionary != null && dictionary.length > 0) {
      deflater.setDictionary(dictionary);
    }
    deflater.setInput(input, 0, length);
    if (last) {
      deflater.finish();
    }
    byte[] output = new byte[length + length / 8 + 256];
    int size = 0;
    while (true) {
      if (size == output.length) {
        output = Arrays.copyOf(output, output.length * 2);
      }
      int produced =
          last
              ? deflater.deflate(output, size, output.length - size)
              : deflater.deflate(output, size, output.length - size, Deflater.SYNC_FLUSH);
      size += produced;
      if (last ? deflater.finished() : size < output.length && deflater.needsInput()) {
        break;
      }
    }
    return Arrays.copyOf(output, size);
  }

  private void writeOldest() throws IOException {
    Future<byte[]> oldest = pending.poll();
    try {
      out.write(oldest.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      throw new IOException("compression failed: " + e.getCause(), e.getCause());
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
  }

  /** Writes every finished block; the stream stays a valid prefix, not a complete gzip file. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      submit(true);
      while (!pending.isEmpty()) {
        writeOldest();
      }
      long value = crc.getValue();
      long size = totalIn & 0xFFFF_FFFFL;
      out.write(
          new byte[] {
            (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
            (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)
          });
      out.close();
    } finally {
      closed = true;
      pool.shutdownNow();
    }
  }
}

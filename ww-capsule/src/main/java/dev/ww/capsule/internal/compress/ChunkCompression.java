package dev.ww.capsule.internal.compress;

import dev.ww.capsule.Compression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;

/**
 * How chunks of one capsule are compressed: a factory of per-thread {@link ChunkCompressor}s,
 * the average chunk size that suits the format, and an identity that changes whenever the
 * compressed bytes could change (format, level, library and the library's actual output), so
 * that a later build never reuses chunks made another way.
 */
public final class ChunkCompression {

  private static final int MIB = 1024 * 1024;

  private final Compression compression;
  private final Supplier<ChunkCompressor> factory;
  private final String library;
  private final int averageChunk;
  private final long memoryPerThread;
  private String identity;

  private ChunkCompression(
      Compression compression, Supplier<ChunkCompressor> factory, String library,
      int averageChunk, long memoryPerThread) {
    this.compression = compression;
    this.factory = factory;
    this.library = library;
    this.averageChunk = averageChunk;
    this.memoryPerThread = memoryPerThread;
  }

  /**
   * The chunk compression for {@code compression}; gzip uses {@code libdeflate} when given
   * (see {@link Libdeflate#find()}), zlib otherwise.
   */
  public static ChunkCompression of(Compression compression, Optional<Libdeflate> libdeflate) {
    int level = compression.level();
    return switch (compression.format()) {
      case GZIP -> new ChunkCompression(
          compression,
          () -> new GzipMembers(level, libdeflate.orElse(null)),
          libdeflate.isPresent() ? "libdeflate" : "zlib",
          MIB,
          4L * MIB);
      case ZSTD -> new ChunkCompression(
          compression, () -> new ZstdFrames(level), "zstd-jni", 8 * MIB, 96L * MIB);
      case XZ -> {
        LZMA2Options options = xzOptions(level);
        yield new ChunkCompression(
            compression,
            () -> new XzStreams(options),
            "org.tukaani.xz",
            8 * MIB,
            options.getEncoderMemoryUsage() * 1024L + 48L * MIB);
      }
      case NONE -> new ChunkCompression(compression, Stored::new, "none", 8 * MIB, 32L * MIB);
    };
  }

  private static LZMA2Options xzOptions(int level) {
    try {
      return new LZMA2Options(level);
    } catch (UnsupportedOptionsException e) {
      throw new IllegalArgumentException("xz level " + level + ": " + e.getMessage(), e);
    }
  }

  public Compression compression() {
    return compression;
  }

  /** What makes the DEFLATE data: {@code libdeflate}, {@code zlib}, {@code zstd-jni}, ... */
  public String library() {
    return library;
  }

  /** The average uncompressed size of a chunk. */
  public int averageChunk() {
    return averageChunk;
  }

  /** Compression threads that fit in {@code heapBytes} next to everything else. */
  public int threadsWithin(int wanted, long heapBytes) {
    long fitting = Math.max(1, (heapBytes / 2) / memoryPerThread);
    return (int) Math.max(1, Math.min(wanted, fitting));
  }

  public ChunkCompressor newCompressor() {
    return factory.get();
  }

  /**
   * Format, level, library, and the SHA-256 of what the library makes of a fixed sample: a
   * library upgrade that changes the output changes the identity.
   */
  public synchronized String identity() {
    if (identity == null) {
      byte[] sample = sample();
      try (ChunkCompressor compressor = newCompressor()) {
        byte[] probe = compressor.compress(sample, sample.length);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        identity =
            compression.format().name().toLowerCase(java.util.Locale.ROOT) + "-"
                + compression.level() + "/" + library + "/"
                + HexFormat.of().formatHex(digest.digest(probe)).substring(0, 16);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
      }
    }
    return identity;
  }

  /** 256 KiB of text-like and random-like bytes: exercises literals, matches and block splits. */
  private static byte[] sample() {
    byte[] sample = new byte[256 * 1024];
    byte[] words =
        "node compute provision capsule kernel initramfs module firmware warewulf "
            .getBytes(StandardCharsets.US_ASCII);
    long state = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < sample.length; i++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      sample[i] = i % 3 == 0 ? (byte) state : words[(int) ((state >>> 33) % words.length)];
    }
    return sample;
  }

  /** No compression: chunks are written as they are. */
  private static final class Stored implements ChunkCompressor {
    @Override
    public byte[] compress(byte[] input, int length) {
      return java.util.Arrays.copyOf(input, length);
    }

    @Override
    public void close() {}
  }
}

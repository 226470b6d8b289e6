package dev.ww.capsule.internal;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.ww.capsule.CapsuleFormatException;
import dev.ww.capsule.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/** Compressing and decompressing streams for each {@link Compression.Format}. */
public final class CompressionStreams {

  private static final int BUFFER = 1 << 16;

  private CompressionStreams() {}

  /** Wraps {@code out}; closing the result finishes the compressed stream and closes {@code out}. */
  public static OutputStream compressing(Compression compression, OutputStream out, int threads)
      throws IOException {
    return switch (compression.format()) {
      case GZIP -> new ParallelGzipOutputStream(out, compression.level(), threads);
      case XZ -> new XZOutputStream(out, new LZMA2Options(compression.level()));
      case ZSTD -> {
        ZstdOutputStream zstd = new ZstdOutputStream(out, compression.level());
        zstd.setChecksum(true);
        // Any worker count of one or more gives the same bytes, so capsules stay reproducible.
        zstd.setWorkers(Math.max(1, threads));
        yield zstd;
      }
      case NONE -> out;
    };
  }

  /** The format of a stream, recognized by its first bytes. */
  public static Compression.Format detect(byte[] head, int length) {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Compression.Format.GZIP;
    }
    if (length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z'
        && head[3] == 'X' && head[4] == 'Z' && head[5] == 0) {
      return Compression.Format.XZ;
    }
    if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
      return Compression.Format.ZSTD;
    }
    if (length >= 6 && head[0] == '0' && head[1] == '7' && head[2] == '0' && head[3] == '7'
        && head[4] == '0' && (head[5] == '1' || head[5] == '2')) {
      return Compression.Format.NONE;
    }
    throw new CapsuleFormatException(
        "not a capsule: the data starts with neither a gzip, xz or zstd signature nor a newc"
            + " cpio header");
  }

  /** Decompresses whatever format {@code in} holds. */
  public static InputStream decompressing(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
    buffered.mark(16);
    byte[] head = new byte[8];
    int length = buffered.readNBytes(head, 0, head.length);
    buffered.reset();
    if (length == 0) {
      throw new CapsuleFormatException("not a capsule: the stream is empty");
    }
    return switch (detect(head, length)) {
      case GZIP -> new GZIPInputStream(buffered, BUFFER);
      case XZ -> new XZInputStream(buffered);
      case ZSTD -> new ZstdInputStream(buffered);
      case NONE -> buffered;
    };
  }
}

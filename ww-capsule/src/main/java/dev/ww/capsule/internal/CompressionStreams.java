package dev.ww.capsule.internal;

import com.github.luben.zstd.ZstdInputStream;
import dev.ww.capsule.CapsuleFormatException;
import dev.ww.capsule.Compression;
import dev.ww.capsule.internal.compress.GzipMembersInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Recognizes a capsule's compression by its first bytes and decompresses it. Every format may
 * hold several members or frames one after the other (that is how capsules are written).
 */
public final class CompressionStreams {

  private static final int BUFFER = 1 << 16;

  private CompressionStreams() {}

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

  private static InputStream gzip(InputStream in) throws IOException {
    try {
      return new GzipMembersInputStream(in);
    } catch (java.io.EOFException e) {
      throw new CapsuleFormatException(e.getMessage());
    }
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
      case GZIP -> gzip(buffered);
      case XZ -> new XZInputStream(buffered);
      case ZSTD -> new ZstdInputStream(buffered);
      case NONE -> buffered;
    };
  }
}

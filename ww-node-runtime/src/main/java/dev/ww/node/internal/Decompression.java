package dev.ww.node.internal;

import com.github.luben.zstd.ZstdInputStream;
import dev.ww.core.UserException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The decompressed archive of a capsule file, whatever its compression (recognized by its first
 * bytes, as the capsule reader does): gzip (one member or several), xz (one stream or several),
 * zstd (one frame or several) or none. Read from a complete local file, so that gzip's check for
 * a further member ({@code available()}) sees the rest of the file.
 */
final class Decompression {

  private static final int BUFFER = 1 << 16;

  private Decompression() {}

  static InputStream open(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
    in.mark(8);
    byte[] h = in.readNBytes(6);
    in.reset();
    if (h.length >= 2 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, BUFFER);
    }
    if (h.length >= 6 && (h[0] & 0xff) == 0xfd && h[1] == '7' && h[2] == 'z' && h[3] == 'X'
        && h[4] == 'Z' && h[5] == 0) {
      return new XZInputStream(in);
    }
    if (h.length >= 4 && (h[0] & 0xff) == 0x28 && (h[1] & 0xff) == 0xb5 && (h[2] & 0xff) == 0x2f
        && (h[3] & 0xff) == 0xfd) {
      return new ZstdInputStream(in);
    }
    if (h.length >= 6 && h[0] == '0' && h[1] == '7' && h[2] == '0' && h[3] == '7' && h[4] == '0') {
      return in;
    }
    throw new UserException("the capsule is neither gzip, xz, zstd nor a newc archive");
  }
}

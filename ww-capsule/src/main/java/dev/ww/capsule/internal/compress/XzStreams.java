package dev.ww.capsule.internal.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Each chunk becomes one complete xz stream (LZMA2, CRC64); xz streams concatenate. */
final class XzStreams implements ChunkCompressor {

  private final LZMA2Options options;

  XzStreams(LZMA2Options options) {
    this.options = options;
  }

  @Override
  public byte[] compress(byte[] input, int length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length / 3 + 1024);
    try (XZOutputStream xz = new XZOutputStream(out, options)) {
      xz.write(input, 0, length);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {}
}

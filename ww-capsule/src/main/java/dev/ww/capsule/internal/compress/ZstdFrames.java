package dev.ww.capsule.internal.compress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.util.Arrays;

/**
 * Each chunk becomes one zstd frame with its content size and checksum. The window covers the
 * whole chunk (zstd's level tables would otherwise cap it at 2 MiB for the low levels), which
 * is what keeps independent frames as small as one multi-threaded zstd stream.
 */
final class ZstdFrames implements ChunkCompressor {

  static final int WINDOW_LOG = 24;

  private final ZstdCompressCtx context = new ZstdCompressCtx();

  ZstdFrames(int level) {
    context.setLevel(level);
    context.setChecksum(true);
    context.setContentSize(true);
    context.setWindowLog(WINDOW_LOG);
  }

  @Override
  public byte[] compress(byte[] input, int length) {
    byte[] output = new byte[(int) Zstd.compressBound(length)];
    int size = context.compressByteArray(output, 0, output.length, input, 0, length);
    return Arrays.copyOf(output, size);
  }

  @Override
  public void close() {
    context.close();
  }
}

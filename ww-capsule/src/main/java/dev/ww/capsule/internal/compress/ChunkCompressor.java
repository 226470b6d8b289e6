package dev.ww.capsule.internal.compress;

import java.io.IOException;

/**
 * Compresses one chunk of the archive into a self-contained unit of its format (a gzip member, a
 * zstd frame, an xz stream), so that units simply concatenate into a standard stream. One
 * instance per thread; not thread-safe.
 */
public interface ChunkCompressor extends AutoCloseable {

  /** The compressed form of {@code input[0, length)}; the same input always gives the same bytes. */
  byte[] compress(byte[] input, int length) throws IOException;

  @Override
  void close();
}

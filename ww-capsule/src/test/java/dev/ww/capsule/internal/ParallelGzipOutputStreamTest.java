package dev.ww.capsule.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {

  private static byte[] sample(int size) {
    Random random = new Random(size);
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      // compressible but not trivial: words from a small alphabet with random bytes mixed in
      data[i] = (byte) (i % 7 == 0 ? random.nextInt(256) : 'a' + random.nextInt(6));
    }
    return data;
  }

  private static byte[] compress(byte[] data, int level, int threads, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, level, threads)) {
      for (int offset = 0; offset < data.length; offset += chunk) {
        gzip.write(data, offset, Math.min(chunk, data.length - offset));
      }
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1000, ParallelGzipOutputStream.BLOCK_SIZE, ParallelGzipOutputStream.BLOCK_SIZE + 1, 3_000_000})
  void write_anySize_isOneStandardGzipMemberWithTheSameContent(int size) throws IOException {
    byte[] data = sample(size);
    byte[] compressed = compress(data, 6, 2, 7777);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 6, 9})
  void write_sameInput_givesSameBytesWhateverTheThreadsAndWriteSizes(int level) throws IOException {
    byte[] data = sample(1_000_000);
    byte[] one = compress(data, level, 1, 100);
    byte[] two = compress(data, level, 2, 65536);
    byte[] four = compress(data, level, 4, 1_000_000);
    assertThat(one).isEqualTo(two).isEqualTo(four);
  }

  @org.junit.jupiter.api.Test
  void write_compressesAboutAsWellAsOneZlibStream() throws IOException {
    byte[] data = sample(2_000_000);
    ByteArrayOutputStream zlib = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zlib)) {
      gzip.write(data);
    }
    assertThat((double) compress(data, 6, 2, 4096).length).isLessThan(zlib.size() * 1.01);
  }
}

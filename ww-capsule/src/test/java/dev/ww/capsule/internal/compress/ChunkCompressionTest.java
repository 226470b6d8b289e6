package dev.ww.capsule.internal.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.github.luben.zstd.ZstdInputStream;
import dev.ww.capsule.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

class ChunkCompressionTest {

  private static final byte[] DATA = data();

  @Test
  void everyFormat_chunksConcatenateIntoAStreamItsStandardDecoderReads() throws IOException {
    for (Compression.Format format : Compression.Format.values()) {
      ChunkCompression compression = ChunkCompression.of(Compression.of(format), Libdeflate.find());
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      try (ChunkCompressor compressor = compression.newCompressor()) {
        stream.write(compressor.compress(DATA, 100_000));
        stream.write(compressor.compress(DATA, DATA.length));
      }
      byte[] decoded = decode(format, stream.toByteArray());
      assertThat(decoded).hasSize(100_000 + DATA.length);
      assertThat(java.util.Arrays.copyOfRange(decoded, 100_000, decoded.length)).isEqualTo(DATA);
    }
  }

  @Test
  void gzip_zlibAndLibdeflate_bothMakeValidMembers_andDifferentIdentities() throws IOException {
    Optional<Libdeflate> libdeflate = Libdeflate.find();
    if ("true".equals(System.getenv("CI"))) {
      assertThat(libdeflate).as("libdeflate0 must be installed in CI (.ci/apt-packages)").isPresent();
    }
    assumeThat(libdeflate).isPresent();
    ChunkCompression fast = ChunkCompression.of(Compression.gzip(), libdeflate);
    ChunkCompression zlib = ChunkCompression.of(Compression.gzip(), Optional.empty());
    assertThat(fast.library()).isEqualTo("libdeflate");
    assertThat(zlib.library()).isEqualTo("zlib");
    assertThat(fast.identity()).isNotEqualTo(zlib.identity()).startsWith("gzip-6/libdeflate/");
    for (ChunkCompression compression : new ChunkCompression[] {fast, zlib}) {
      try (ChunkCompressor compressor = compression.newCompressor()) {
        assertThat(decode(Compression.Format.GZIP, compressor.compress(DATA, DATA.length)))
            .isEqualTo(DATA);
      }
    }
  }

  @Test
  void identity_dependsOnLevel_andIsStable() {
    ChunkCompression six = ChunkCompression.of(new Compression(Compression.Format.ZSTD, 6), Optional.empty());
    ChunkCompression three = ChunkCompression.of(new Compression(Compression.Format.ZSTD, 3), Optional.empty());
    assertThat(six.identity()).isNotEqualTo(three.identity());
    assertThat(six.identity())
        .isEqualTo(ChunkCompression.of(new Compression(Compression.Format.ZSTD, 6), Optional.empty()).identity());
  }

  @Test
  void threadsWithin_limitsThreadsToWhatTheHeapHolds() {
    ChunkCompression xz = ChunkCompression.of(Compression.of(Compression.Format.XZ), Optional.empty());
    assertThat(xz.threadsWithin(8, 256L << 20)).isEqualTo(1);
    assertThat(xz.threadsWithin(2, 8L << 30)).isEqualTo(2);
  }

  private static byte[] decode(Compression.Format format, byte[] bytes) throws IOException {
    InputStream raw = new ByteArrayInputStream(bytes);
    InputStream in =
        switch (format) {
          case GZIP -> new GZIPInputStream(raw);
          case XZ -> new XZInputStream(raw);
          case ZSTD -> new ZstdInputStream(raw);
          case NONE -> raw;
        };
    try (in) {
      return in.readAllBytes();
    }
  }

  private static byte[] data() {
    Random random = new Random(7);
    StringBuilder text = new StringBuilder();
    while (text.length() < 600_000) {
      text.append("line ").append(random.nextInt(5000)).append(" of a node image\n");
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }
}

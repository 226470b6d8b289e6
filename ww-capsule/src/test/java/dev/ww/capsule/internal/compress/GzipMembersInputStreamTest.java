package dev.ww.capsule.internal.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.capsule.CapsuleFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipMembersInputStreamTest {

  @Test
  void read_concatenatedMembers_givesAllContent() throws IOException {
    byte[] file = concat(gzip("first member, "), gzip(""), gzip("second member"));
    assertThat(readAll(new ByteArrayInputStream(file))).isEqualTo("first member, second member");
  }

  @Test
  void read_sourceThatTricklesAndReportsNothingAvailable_stillReadsEveryMember()
      throws IOException {
    byte[] file = concat(gzip("a".repeat(1000)), gzip("b".repeat(1000)), gzip("c"));
    InputStream trickle =
        new ByteArrayInputStream(file) {
          @Override
          public synchronized int read(byte[] target, int offset, int length) {
            return super.read(target, offset, Math.min(length, 1));
          }

          @Override
          public synchronized int available() {
            return 0;
          }
        };
    assertThat(readAll(trickle)).isEqualTo("a".repeat(1000) + "b".repeat(1000) + "c");
  }

  @Test
  void read_membersMadeByOurCompressors_areReadBack() throws IOException {
    byte[] input = "capsule chunk ".repeat(5000).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (GzipMembers zlib = new GzipMembers(6, null)) {
      file.write(zlib.compress(input, input.length));
      file.write(zlib.compress(input, 100));
    }
    try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(file.toByteArray()))) {
      byte[] read = in.readAllBytes();
      assertThat(read).hasSize(input.length + 100);
      assertThat(Arrays.copyOfRange(read, 0, input.length)).isEqualTo(input);
    }
  }

  @Test
  void read_badCrc_isACorruptCapsule() throws IOException {
    byte[] member = gzip("some content");
    member[member.length - 8] ^= 1;
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(concat(gzip("ok"), member))))
        .isInstanceOf(CapsuleFormatException.class)
        .hasMessageContaining("CRC-32 mismatch in gzip member 2");
  }

  @Test
  void read_truncatedMember_isAnEndOfFile() throws IOException {
    byte[] member = gzip("x".repeat(10000));
    byte[] cut = Arrays.copyOf(member, member.length - 12);
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(cut)))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("truncated capsule");
  }

  @Test
  void read_garbageAfterAMember_isACorruptCapsule() throws IOException {
    byte[] file = concat(gzip("content"), "junk".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(file)))
        .isInstanceOf(CapsuleFormatException.class)
        .hasMessageContaining("does not start with 1f 8b");
  }

  private static String readAll(InputStream source) throws IOException {
    try (InputStream in = new GzipMembersInputStream(source)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}

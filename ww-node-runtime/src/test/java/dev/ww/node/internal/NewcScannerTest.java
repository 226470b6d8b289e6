package dev.ww.node.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.capsule.Capsule;
import dev.ww.capsule.CapsuleEntry;
import dev.ww.capsule.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NewcScannerTest {

  @TempDir Path dir;

  private byte[] capsule(Compression.Format format) throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.createDirectories(tree.resolve("etc/empty"));
    Files.writeString(tree.resolve("etc/a"), "abc");
    Files.write(tree.resolve("etc/big"), new byte[200_003]);
    Files.createSymbolicLink(tree.resolve("etc/link"), Path.of("a"));
    Files.createLink(tree.resolve("etc/hard"), tree.resolve("etc/a"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Capsule.fromTree(tree).compression(Compression.of(format)).writeTo(out);
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(Compression.Format.class)
  void scan_everyCompression_seesTheEntriesTheReaderLists_withTheirData(Compression.Format format) throws Exception {
    byte[] capsule = capsule(format);
    List<CapsuleEntry> listed = new ArrayList<>();
    Capsule.reader(new ByteArrayInputStream(capsule)).list(listed::add);
    List<String> names = new ArrayList<>();
    try (InputStream in = Decompression.open(new ByteArrayInputStream(capsule))) {
      NewcScanner s = new NewcScanner(in);
      int i = 0;
      for (NewcScanner.Entry e; (e = s.next()) != null; i++) {
        names.add(new String(e.name(), StandardCharsets.UTF_8));
        assertThat(e.size()).isEqualTo(listed.get(i).size());
        assertThat(e.inode()).isEqualTo(listed.get(i).inode());
        assertThat(e.nlink()).isEqualTo(listed.get(i).nlink());
        assertThat((e.prefix().length + 0L) % 4).isZero();
        if (names.get(i).endsWith("etc/a")) {
          byte[] data = new byte[8];
          assertThat(s.read(data, 0, 8)).isEqualTo(3);
          assertThat(Arrays.copyOf(data, 3)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
          assertThat(s.read(data, 0, 8)).isEqualTo(-1);
        }
      }
      assertThat(s.next()).isNull();
    }
    assertThat(names).isEqualTo(listed.stream().map(CapsuleEntry::name).toList());
  }

  @Test
  void trailer_isAnEmptyArchiveForTheReader() throws Exception {
    List<CapsuleEntry> listed = new ArrayList<>();
    long n = Capsule.reader(new ByteArrayInputStream(NewcScanner.trailer())).list(listed::add);
    assertThat(n).isZero();
    assertThat(NewcScanner.trailer().length % 4).isZero();
    assertThat(new NewcScanner(new ByteArrayInputStream(NewcScanner.trailer())).next()).isNull();
  }

  @Test
  void truncatedOrGarbage_isACorruptCapsule() throws Exception {
    byte[] capsule = capsule(Compression.Format.NONE);
    byte[] cut = Arrays.copyOf(capsule, capsule.length / 2);
    assertThatThrownBy(() -> {
      NewcScanner s = new NewcScanner(new ByteArrayInputStream(cut));
      while (s.next() != null) {
        s.skipData();
      }
    }).hasMessageContaining("the capsule is corrupt");
    assertThatThrownBy(() -> new NewcScanner(new ByteArrayInputStream(new byte[200])).next())
        .hasMessageContaining("no newc header");
    assertThatThrownBy(() -> Decompression.open(new ByteArrayInputStream("hello world".getBytes(StandardCharsets.US_ASCII))))
        .hasMessageContaining("neither gzip, xz, zstd nor a newc archive");
  }
}

package dev.ww.capsule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.capsule.internal.Newc;
import dev.ww.capsule.internal.NewcHeader;
import dev.ww.core.os.JnaLinuxOs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives crafted to escape the target or to break the reader. */
class HostileCapsuleIT {

  @TempDir Path work;
  Path target;
  Path outside;

  @BeforeEach
  void setUp() throws IOException {
    target = Files.createDirectory(work.resolve("target"));
    outside = work.resolve("outside");
    Files.writeString(outside, "precious");
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-------"));
  }

  /** A small archive builder: entries with given names, types and data. */
  static final class Archive {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long inode = 1;

    Archive file(String name, String data) throws IOException {
      return entry(name, Newc.S_IFREG | 0644, 1, inode++, data.getBytes(StandardCharsets.UTF_8));
    }

    Archive dir(String name) throws IOException {
      return entry(name, Newc.S_IFDIR | 0755, 2, inode++, new byte[0]);
    }

    Archive symlink(String name, String linkTarget) throws IOException {
      return entry(name, Newc.S_IFLNK | 0777, 1, inode++, linkTarget.getBytes(StandardCharsets.UTF_8));
    }

    Archive entry(String name, int mode, long nlink, long ino, byte[] data) throws IOException {
      Newc.writeHeader(
          out,
          new NewcHeader(
              name.getBytes(StandardCharsets.UTF_8), ino, mode, 0, 0, nlink, 1_600_000_000L,
              data.length, 0, 0, 0, 0));
      out.write(data);
      Newc.writePadding(out, data.length);
      return this;
    }

    byte[] bytes() throws IOException {
      Newc.writeTrailer(out);
      return out.toByteArray();
    }
  }

  private ExtractResult extract(byte[] capsule) throws IOException {
    return Capsule.reader(new ByteArrayInputStream(capsule)).os(JnaLinuxOs.load()).owners(false).extractTo(target);
  }

  private void assertOutsideUntouched() throws IOException {
    assertThat(Files.readString(outside)).isEqualTo("precious");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)))
        .isEqualTo("rw-------");
    try (var names = Files.list(work)) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("target", "outside");
    }
  }

  @Test
  void extract_dotDotName_isRefused() throws IOException {
    byte[] capsule = new Archive().file("../escaped", "x").bytes();
    assertThatThrownBy(() -> extract(capsule))
        .isInstanceOf(UnsafeEntryException.class)
        .hasMessageContaining("'..' is not allowed");
    assertOutsideUntouched();
  }

  @Test
  void extract_absoluteName_isRefused() throws IOException {
    Path absolute = work.resolve("absolute-escape");
    byte[] capsule = new Archive().file(absolute.toString(), "x").bytes();
    assertThatThrownBy(() -> extract(capsule))
        .isInstanceOf(UnsafeEntryException.class)
        .hasMessageContaining("absolute names are not allowed");
    assertThat(absolute).doesNotExist();
    assertOutsideUntouched();
  }

  @Test
  void extract_writeThroughAbsoluteSymlink_isRefused() throws IOException {
    byte[] capsule =
        new Archive().symlink("link", work.toString()).file("link/outside", "overwritten").bytes();
    assertThatThrownBy(() -> extract(capsule))
        .isInstanceOf(UnsafeEntryException.class)
        .hasMessageContaining("symlink that leads outside");
    assertOutsideUntouched();
  }

  @Test
  void extract_writeThroughRelativeSymlinkUpwards_isRefused() throws IOException {
    byte[] capsule =
        new Archive().dir("a").symlink("a/up", "../..").file("a/up/outside", "overwritten").bytes();
    assertThatThrownBy(() -> extract(capsule)).isInstanceOf(UnsafeEntryException.class);
    assertOutsideUntouched();
  }

  @Test
  void extract_fileReplacingSymlinkToOutside_replacesTheLinkNotTheTarget() throws IOException {
    byte[] capsule = new Archive().symlink("x", "../outside").file("x", "inside").bytes();
    extract(capsule);
    assertThat(Files.isSymbolicLink(target.resolve("x"))).isFalse();
    assertThat(Files.readString(target.resolve("x"))).isEqualTo("inside");
    assertOutsideUntouched();
  }

  @Test
  void extract_hardLinkToEntryReplacedBySymlink_isRefused() throws IOException {
    byte[] capsule =
        new Archive()
            .entry("f", Newc.S_IFREG | 0644, 2, 77, "data".getBytes(StandardCharsets.UTF_8))
            .symlink("f", "../outside")
            .entry("g", Newc.S_IFREG | 04777, 2, 77, new byte[0])
            .bytes();
    assertThatThrownBy(() -> extract(capsule)).isInstanceOf(UnsafeEntryException.class);
    assertOutsideUntouched();
  }

  @Test
  void extract_symlinkInsideTarget_isFollowed() throws IOException {
    byte[] capsule = new Archive().dir("real").symlink("alias", "real").file("alias/file", "ok").bytes();
    extract(capsule);
    assertThat(Files.readString(target.resolve("real/file"))).isEqualTo("ok");
  }

  @Test
  void extract_truncatedGzip_saysTruncated() throws IOException {
    byte[] plain = new Archive().file("a", "x".repeat(100_000)).file("b", "y").bytes();
    byte[] gzip = gzip(plain);
    byte[] cut = Arrays.copyOf(gzip, gzip.length / 2);
    assertThatThrownBy(() -> extract(cut))
        .isInstanceOf(CapsuleFormatException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void extract_corruptGzip_saysCorrupt() throws IOException {
    byte[] plain = new Archive().file("a", "some text ".repeat(10_000)).bytes();
    byte[] gzip = gzip(plain);
    for (int i = 40; i < 80; i++) {
      gzip[i] ^= 0x55;
    }
    assertThatThrownBy(() -> extract(gzip))
        .isInstanceOf(CapsuleFormatException.class)
        .hasMessageContaining("capsule");
  }

  @Test
  void extract_archiveWithoutTrailer_saysTruncated() throws IOException {
    byte[] plain = new Archive().file("a", "x").bytes();
    byte[] withoutTrailer = Arrays.copyOf(plain, plain.length - 124);
    assertThatThrownBy(() -> extract(withoutTrailer))
        .isInstanceOf(CapsuleFormatException.class)
        .hasMessageContaining("without the newc trailer");
  }

  @Test
  void extract_notACapsule_saysSo() {
    byte[] text = "hello, this is not an archive".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> extract(text))
        .isInstanceOf(CapsuleFormatException.class)
        .hasMessageContaining("not a capsule");
  }

  @Test
  void extract_badHeaderField_saysCorrupt() throws IOException {
    byte[] plain = new Archive().file("a", "x").bytes();
    plain[10] = 'Z';
    assertThatThrownBy(() -> extract(plain))
        .isInstanceOf(CapsuleFormatException.class)
        .hasMessageContaining("not hexadecimal");
    assertThat(Files.exists(target.resolve("a"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }
}

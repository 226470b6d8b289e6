package dev.ww.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;

class NewcWriterTest {

  private static ArchiveTree sample() {
    return new ArchiveTree()
        .file("lib/modules/k/kernel/a.ko", 0644, ArchiveTree.Content.of("module"))
        .symlink("bin/sh", "busybox")
        .file("bin/busybox", 0755, ArchiveTree.Content.of("bb"))
        .charDevice("dev/console", 0600, 5, 1)
        .directory("tmp", 01777);
  }

  private static byte[] gzip(ArchiveTree tree) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NewcWriter.writeGzip(tree, out);
    return out.toByteArray();
  }

  @Test
  void writeGzip_emitsEveryParentBeforeItsChildren_withFixedHeaders() throws Exception {
    List<CpioArchiveEntry> entries = new ArrayList<>();
    try (CpioArchiveInputStream in =
        new CpioArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzip(sample()))))) {
      for (CpioArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.add(entry);
      }
    }

    assertThat(entries).extracting(CpioArchiveEntry::getName).containsExactly(
        "bin", "bin/busybox", "bin/sh", "dev", "dev/console", "lib", "lib/modules", "lib/modules/k",
        "lib/modules/k/kernel", "lib/modules/k/kernel/a.ko", "tmp");
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.getTime()).isZero();
      assertThat(e.getUID()).isZero();
      assertThat(e.getGID()).isZero();
    });
    assertThat(entries).extracting(CpioArchiveEntry::getInode).doesNotHaveDuplicates();
    CpioArchiveEntry console = entries.get(4);
    assertThat(console.isCharacterDevice()).isTrue();
    assertThat(console.getRemoteDeviceMaj()).isEqualTo(5);
    assertThat(console.getRemoteDeviceMin()).isEqualTo(1);
    assertThat(entries.get(2).isSymbolicLink()).isTrue();
    assertThat(entries.get(10).getMode() & 07777).isEqualTo(01777);
  }

  @Test
  void writeGzip_sameTree_sameBytes() throws Exception {
    assertThat(gzip(sample())).isEqualTo(gzip(sample()));
  }

  @Test
  void tree_refusesUncleanPaths() {
    ArchiveTree tree = new ArchiveTree();
    assertThatThrownBy(() -> tree.directory("a/../b", 0755)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tree.directory("", 0755)).isInstanceOf(IllegalArgumentException.class);
    tree.file("f", 0644, ArchiveTree.Content.of("x"));
    assertThatThrownBy(() -> tree.file("f/g", 0644, ArchiveTree.Content.of("y")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

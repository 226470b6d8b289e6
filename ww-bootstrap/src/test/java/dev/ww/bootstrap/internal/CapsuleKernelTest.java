package dev.ww.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.bootstrap.TestKernelTree;
import dev.ww.capsule.Capsule;
import dev.ww.capsule.CapsuleSource;
import dev.ww.capsule.Compression;
import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.os.JnaLinuxOs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapsuleKernelTest {

  private static final String KVER = TestKernelTree.KVER;

  @TempDir Path temp;

  /** A root with a kernel and much that a bootstrap does not need. */
  private Path nodeRoot() throws Exception {
    Path root = TestKernelTree.standard(temp.resolve("tree")).root();
    write(root, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    write(root, "usr/share/doc/big/README", "documentation");
    write(root, "boot/initrd.img-" + KVER, "an initrd nobody needs");
    write(root, "boot/config-" + KVER, "CONFIG_X=y");
    write(root, "lib/modules/5.10.0-old/modules.dep", "");
    write(root, "etc/modprobe.d/local.conf", "softdep virtio_net pre: failover\n");
    write(root, "lib/x86_64-linux-gnu/libc.so.6", "libc");
    // A hard-link group whose data travels with a member the bootstrap does not need.
    Files.createLink(root.resolve("boot/aa-firmware-copy"), root.resolve("lib/firmware/e1000/fw.bin"));
    return root;
  }

  private static void write(Path root, String relative, String content) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private Path capsule(Path root, String name) throws Exception {
    Path file = temp.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      Capsule.fromTree(root).compression(Compression.gzip()).writeTo(out);
    }
    return file;
  }

  private static CapsuleSource open(Path file) {
    return () -> Files.newInputStream(file);
  }

  private CapsuleKernel extract(Path capsule, Optional<String> version) throws Exception {
    return CapsuleKernel.extract(open(capsule), capsule.getFileName().toString(), version, "vmlinuz",
        temp.resolve("work"), JnaLinuxOs.load(), EventHandlers.none());
  }

  private static List<String> files(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  private List<String> workLeft() throws Exception {
    try (Stream<Path> list = Files.list(temp.resolve("work"))) {
      return list.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void extract_takesOnlyTheKernelItsModulesFirmwareAndModprobeFiles_andCleansUp() throws Exception {
    Path root = nodeRoot();
    Path capsule = capsule(root, "node.vnfs");

    List<String> extracted;
    Path privateRoot;
    try (CapsuleKernel kernel = extract(capsule, Optional.empty())) {
      assertThat(kernel.version()).isEqualTo(KVER);
      privateRoot = kernel.root();
      extracted = files(kernel.root());
      assertThat(kernel.root().resolve("lib/firmware/e1000/fw.bin")).hasContent("firmware-bytes");
      assertThat(Files.readAllBytes(kernel.root().resolve("lib/modules/" + KVER + "/kernel/drivers/net/virtio_net.ko.gz")))
          .isEqualTo(Files.readAllBytes(root.resolve("lib/modules/" + KVER + "/kernel/drivers/net/virtio_net.ko.gz")));
    }

    assertThat(extracted).contains("boot/vmlinuz-" + KVER, "lib/firmware/e1000/fw.bin", "lib/firmware/bnx2/bnx2-b.fw.xz",
            "lib/modules/" + KVER + "/modules.builtin", "etc/modprobe.d/local.conf")
        .doesNotContain("etc/passwd", "usr/share/doc/big/README", "boot/initrd.img-" + KVER, "boot/config-" + KVER,
            "boot/aa-firmware-copy", "lib/modules/5.10.0-old/modules.dep", "lib/x86_64-linux-gnu/libc.so.6");
    assertThat(extracted.stream().filter(f -> f.startsWith("lib/modules/" + KVER + "/kernel/")))
        .hasSize(12);
    assertThat(privateRoot).doesNotExist();
    assertThat(workLeft()).isEmpty();
  }

  @Test
  void extract_mergedUsrRoot_followsLibIntoUsrLib() throws Exception {
    Path root = temp.resolve("merged");
    write(root, "usr/lib/modules/" + KVER + "/vmlinuz", "kernel image");
    dev.ww.bootstrap.TestElf.writeModule(root.resolve("usr/lib/modules/" + KVER + "/kernel/drivers/net/e1000.ko"),
        List.of("name=e1000", "depends=", "firmware=e1000/fw.bin"));
    write(root, "usr/lib/firmware/e1000/fw.bin", "fw");
    write(root, "usr/share/doc/x", "doc");
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));

    try (CapsuleKernel kernel = extract(capsule(root, "merged.vnfs"), Optional.empty())) {
      assertThat(files(kernel.root())).containsExactlyInAnyOrder(
          "lib", "usr/lib/modules/" + KVER + "/vmlinuz", "usr/lib/modules/" + KVER + "/kernel/drivers/net/e1000.ko",
          "usr/lib/firmware/e1000/fw.bin");
      assertThat(KernelLocator.locate(kernel.root(), KVER, "vmlinuz").image())
          .isEqualTo(kernel.root().resolve("usr/lib/modules/" + KVER + "/vmlinuz"));
    }
  }

  @Test
  void extract_symlinkedBootImage_bringsItsTarget() throws Exception {
    Path root = temp.resolve("rhel");
    write(root, "lib/modules/" + KVER + "/vmlinuz", "kernel image");
    write(root, "lib/modules/" + KVER + "/modules.builtin", "");
    Files.createDirectories(root.resolve("boot"));
    Files.createSymbolicLink(root.resolve("boot/vmlinuz-" + KVER), Path.of("../lib/modules/" + KVER + "/vmlinuz"));

    try (CapsuleKernel kernel = extract(capsule(root, "rhel.vnfs"), Optional.of(KVER))) {
      assertThat(KernelLocator.locate(kernel.root(), KVER, "vmlinuz").image()).hasContent("kernel image");
    }
  }

  @Test
  void extract_severalKernels_noKernel_unknownVersion_areErrorsNamingWhatIsThere() throws Exception {
    Path root = nodeRoot();
    write(root, "boot/vmlinuz-6.2.0-other", "other kernel");
    write(root, "lib/modules/6.2.0-other/modules.dep", "");
    Path two = capsule(root, "two.vnfs");
    Path none = capsule(Files.createDirectories(temp.resolve("empty/etc")).getParent(), "none.vnfs");

    assertThatThrownBy(() -> extract(two, Optional.empty())).isInstanceOf(UserException.class)
        .hasMessage("The capsule two.vnfs holds several kernels (" + KVER + ", 6.2.0-other): give the version to use");
    assertThatThrownBy(() -> extract(two, Optional.of("6.3.0-x"))).isInstanceOf(UserException.class)
        .hasMessageContaining("Unknown kernel version '6.3.0-x': the capsule two.vnfs has no lib/modules/6.3.0-x;"
            + " kernels in it: 5.10.0-old, " + KVER + ", 6.2.0-other");
    assertThatThrownBy(() -> extract(two, Optional.of("5.10.0-old"))).isInstanceOf(UserException.class)
        .hasMessageContaining("Can't locate the boot kernel for 5.10.0-old in the capsule two.vnfs")
        .hasMessageContaining("boot/vmlinuz-5.10.0-old");
    assertThatThrownBy(() -> extract(none, Optional.empty())).isInstanceOf(UserException.class)
        .hasMessageStartingWith("The capsule none.vnfs holds no kernel");
    try (CapsuleKernel kernel = extract(two, Optional.of("6.2.0-other"))) {
      assertThat(kernel.root().resolve("boot/vmlinuz-6.2.0-other")).hasContent("other kernel");
      assertThat(kernel.root().resolve("boot/vmlinuz-" + KVER)).doesNotExist();
    }
    assertThat(workLeft()).isEmpty();
  }

  @Test
  void extract_truncatedOrForeignFile_isAClearErrorAndLeavesNothing() throws Exception {
    Path capsule = capsule(nodeRoot(), "node.vnfs");
    byte[] bytes = Files.readAllBytes(capsule);
    Path truncated = Files.write(temp.resolve("truncated.vnfs"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path foreign = Files.writeString(temp.resolve("notes.txt"), "just some text, not a capsule");

    assertThatThrownBy(() -> extract(truncated, Optional.empty())).isInstanceOf(UserException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> extract(foreign, Optional.empty())).isInstanceOf(UserException.class)
        .hasMessageContaining("not a capsule");
    assertThat(Files.exists(temp.resolve("work")) ? workLeft() : List.of()).isEmpty();
  }

  /** A newc archive written entry by entry, as other tools may lay it out. */
  private static final class RawArchive {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(bytes, CpioConstants.FORMAT_NEW);

    RawArchive dir(String name) throws Exception {
      CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, 0);
      entry.setMode(040755);
      entry.setNumberOfLinks(2);
      cpio.putArchiveEntry(entry);
      cpio.closeArchiveEntry();
      return this;
    }

    RawArchive file(String name, long inode, int links, String content) throws Exception {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, data.length);
      entry.setMode(0100644);
      entry.setInode(inode);
      entry.setNumberOfLinks(links);
      cpio.putArchiveEntry(entry);
      cpio.write(data);
      cpio.closeArchiveEntry();
      return this;
    }

    byte[] finish() throws Exception {
      cpio.finish();
      return bytes.toByteArray();
    }
  }

  private static String kept(byte[] archive, java.util.function.Predicate<String> keep, java.util.Set<Long> linked, Path spool)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new NewcFilter(keep, linked, spool, "test").copy(new ByteArrayInputStream(archive), out);
    StringBuilder text = new StringBuilder();
    try (var in = new org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      for (CpioArchiveEntry e = in.getNextCPIOEntry(); e != null; e = in.getNextCPIOEntry()) {
        text.append(e.getName()).append('=').append(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .append(" (").append(e.getNumberOfLinks()).append(")\n");
      }
    }
    return text.toString();
  }

  @Test
  void filter_hardLinkedData_reachesKeptMembers_whereverItTravels() throws Exception {
    Path spool = Files.createDirectories(temp.resolve("spool"));
    // Data with the first member (as ww's writer stores it), that member not kept.
    byte[] first = new RawArchive().dir("a").dir("k").file("a/copy", 7, 2, "data").file("k/fw", 7, 2, "").finish();
    // Data with the last member (as GNU cpio stores it), that member not kept.
    byte[] last = new RawArchive().dir("k").dir("z").file("k/fw", 9, 2, "").file("z/copy", 9, 2, "data").finish();
    // An empty hard-linked file.
    byte[] empty = new RawArchive().dir("k").file("k/e1", 3, 2, "").file("k/e2", 3, 2, "").finish();

    java.util.function.Predicate<String> underK = n -> n.equals("k") || n.startsWith("k/");
    assertThat(kept(first, underK, java.util.Set.of(7L), spool)).isEqualTo("k= (2)\nk/fw=data (1)\n");
    assertThat(kept(last, underK, java.util.Set.of(9L), spool)).isEqualTo("k= (2)\nk/fw=data (1)\n");
    assertThat(kept(empty, underK, java.util.Set.of(3L), spool)).isEqualTo("k= (2)\nk/e1= (1)\nk/e2= (1)\n");
  }

  @Test
  void extract_entryClimbingOutOfTheRoot_isRefusedByTheReader() throws Exception {
    byte[] archive = new RawArchive().dir("boot").file("boot/vmlinuz-" + KVER, 1, 1, "kernel").dir("lib")
        .dir("lib/modules").dir("lib/modules/" + KVER).file("lib/modules/" + KVER + "/../../../../escaped", 2, 1, "x")
        .finish();
    Path capsule = Files.write(temp.resolve("evil.vnfs"), archive);

    assertThatThrownBy(() -> extract(capsule, Optional.empty())).isInstanceOf(UserException.class)
        .hasMessageContaining("Could not extract the kernel from the capsule evil.vnfs");
    assertThat(temp.getParent().resolve("escaped")).doesNotExist();
    assertThat(workLeft()).isEmpty();
  }
}

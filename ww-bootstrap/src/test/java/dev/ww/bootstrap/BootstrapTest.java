package dev.ww.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTest {

  @TempDir Path temp;
  private TestKernelTree tree;
  private Path busybox;
  private final List<LogEvent> logs = new ArrayList<>();
  private EventHandlers events;

  @BeforeEach
  void setUp() throws Exception {
    tree = TestKernelTree.standard(temp.resolve("root"));
    busybox = temp.resolve("busybox");
    Files.write(busybox, TestElf.executable(false));
    events = EventHandlers.builder().add(LogEvent.class, logs::add).build();
  }

  private BootstrapConfig config(List<String> drivers, List<String> firmware) {
    return new BootstrapConfig(drivers, firmware, List.of("virtio_pci"), BootstrapConfig.allCapabilities());
  }

  private Bootstrap.Builder builder(BootstrapConfig config) {
    return Bootstrap.builder(TestKernelTree.KVER).root(tree.root()).busybox(busybox).config(config).events(events);
  }

  private static Map<String, byte[]> read(Path initramfs) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(initramfs));
        CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
      for (CpioArchiveEntry e = cpio.getNextEntry(); e != null; e = cpio.getNextEntry()) {
        entries.put(e.getName(), cpio.readAllBytes());
      }
    }
    return entries;
  }

  @Test
  void writeTo_buildsKernelAndInitramfsWithModulesFirmwareAndScripts() throws Exception {
    BootstrapResult result = builder(config(List.of("virtio_net", "e1000"), List.of("bnx2*")))
        .build().writeTo(temp.resolve("out/kernel"), temp.resolve("out/initfs.gz"));

    assertThat(temp.resolve("out/kernel")).hasContent("kernel image");
    assertThat(result.drivers()).containsExactlyInAnyOrder(
        "virtio_net", "net_failover", "failover", "virtio_ring", "e1000", "virtio_pci");
    assertThat(result.firmware()).containsExactly("bnx2/bnx2-a.fw", "bnx2/bnx2-b.fw.xz", "e1000/fw.bin");
    assertThat(result.missingFirmware()).containsExactly("e1000: e1000/missing.bin");
    Map<String, byte[]> entries = read(temp.resolve("out/initfs.gz"));
    String dir = "lib/modules/" + TestKernelTree.KVER + "/";
    assertThat(entries).containsKeys(
        "init", "bin/busybox", "bin/sh", "dev/console", "etc/ww/functions", "etc/wwmodprobe",
        "warewulf/provision/30-getvnfs", "warewulf/transports/http/functions",
        dir + "kernel/drivers/net/virtio_net.ko", dir + "kernel/drivers/net/net_failover.ko",
        dir + "kernel/drivers/virtio/virtio_pci.ko", "lib/firmware/e1000/fw.bin", "lib/firmware/bnx2/bnx2-b.fw.xz");
    assertThat(new String(entries.get(dir + "modules.dep"), StandardCharsets.UTF_8))
        .contains("kernel/drivers/net/virtio_net.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko\n");
    assertThat(new String(entries.get(dir + "modules.alias"), StandardCharsets.UTF_8))
        .contains("alias virtio:d00000001v* virtio_net\n");
    // The module inside is the uncompressed ELF, whatever the compression on disk.
    assertThat(entries.get(dir + "kernel/drivers/net/virtio_net.ko")).startsWith(0x7F, 'E', 'L', 'F');
    assertThat(new String(entries.get("etc/wwmodprobe"), StandardCharsets.UTF_8)).contains("\nvirtio_pci\n");
    assertThat(logs).extracting(LogEvent::message).contains(
        "Number of drivers included in bootstrap: 6",
        "Number of firmware images included in bootstrap: 3");
    assertThat(logs).filteredOn(l -> l.level() == LogEvent.Level.WARN).extracting(LogEvent::message)
        .anyMatch(m -> m.contains("e1000: e1000/missing.bin"));
  }

  @Test
  void writeTo_sameInputs_sameBytes() throws Exception {
    BootstrapConfig config = config(List.of("kernel/drivers/", "myfs"), List.of());
    BootstrapResult first = builder(config).build().writeTo(temp.resolve("a/kernel"), temp.resolve("a/initfs.gz"));
    BootstrapResult second = builder(config).build().writeTo(temp.resolve("b/kernel"), temp.resolve("b/initfs.gz"));

    assertThat(Files.readAllBytes(temp.resolve("a/initfs.gz"))).isEqualTo(Files.readAllBytes(temp.resolve("b/initfs.gz")));
    assertThat(first.initramfsSha256()).isEqualTo(second.initramfsSha256());
  }

  @Test
  void writeTo_capabilitiesLeftOut_leaveTheirScriptsOut() throws Exception {
    BootstrapConfig config = new BootstrapConfig(List.of("e1000"), List.of(), List.of(),
        java.util.EnumSet.of(Capability.TRANSPORT_HTTP, Capability.PROVISION_VNFS));
    builder(config).build().writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz"));

    Map<String, byte[]> entries = read(temp.resolve("o/initfs.gz"));
    assertThat(entries).containsKey("warewulf/provision/30-getvnfs").doesNotContainKey("warewulf/provision/80-files")
        .doesNotContainKey("warewulf/provision/20-filesystems");
    assertThat(new String(entries.get("etc/ww/capabilities"), StandardCharsets.UTF_8))
        .isEqualTo("transport-http\nprovision-vnfs\n");
  }

  @Test
  void writeTo_driverAndFirmwareGlobMatchingNothing_areWarnedByName() throws Exception {
    builder(config(List.of("e1000", "no_such_nic"), List.of("3com/*")))
        .build().writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz"));

    assertThat(logs).filteredOn(l -> l.level() == LogEvent.Level.WARN).extracting(LogEvent::message)
        .anyMatch(m -> m.contains("'no_such_nic'") && m.contains("matches no module"))
        .anyMatch(m -> m.contains("'3com/*'") && m.contains("matches no file"));
  }

  @Test
  void writeTo_unknownKernelVersion_namesTheInstalledOnes() {
    assertThatThrownBy(() -> Bootstrap.builder("5.0.0-nope").root(tree.root()).busybox(busybox).build()
            .writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Unknown kernel version '5.0.0-nope'")
        .hasMessageContaining(TestKernelTree.KVER);
    assertThat(temp.resolve("o")).doesNotExist();
  }

  @Test
  void writeTo_missingKernelImage_namesWhereItLooked() throws Exception {
    Files.delete(tree.root().resolve("boot/vmlinuz-" + TestKernelTree.KVER));

    assertThatThrownBy(() -> builder(config(List.of(), List.of())).build()
            .writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Can't locate the boot kernel")
        .hasMessageContaining("boot/vmlinuz-" + TestKernelTree.KVER)
        .hasMessageContaining("lib/modules/" + TestKernelTree.KVER + "/vmlinuz");
  }

  @Test
  void writeTo_kernelInModulesDirectory_withOtherPrefix_isFound() throws Exception {
    Files.move(tree.root().resolve("boot/vmlinuz-" + TestKernelTree.KVER), tree.modulesDir().resolve("bzImage"));

    BootstrapResult result = builder(config(List.of("e1000"), List.of())).kernelPrefix("bzImage").build()
        .writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz"));

    assertThat(result.kernelFile()).hasContent("kernel image");
  }

  @Test
  void writeTo_illegalKernelVersion_isRefused() {
    assertThatThrownBy(() -> Bootstrap.builder("../../etc").root(tree.root()).busybox(busybox).build()
            .writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Illegal characters in kernel version");
  }

  @Test
  void writeTo_withoutBusybox_saysWhereItLookedAndWhatToInstall() {
    assertThatThrownBy(() -> Bootstrap.builder(TestKernelTree.KVER).root(tree.root())
            .busyboxSearchPath(List.of(temp.resolve("nothing/busybox"))).build()
            .writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("No static busybox found")
        .hasMessageContaining(temp.resolve("nothing/busybox").toString())
        .hasMessageContaining("busybox-static")
        .hasMessageContaining("--busybox");
  }

  @Test
  void writeTo_dynamicallyLinkedBusybox_isRefused() throws Exception {
    Files.write(busybox, TestElf.executable(true));

    assertThatThrownBy(() -> builder(config(List.of(), List.of())).build()
            .writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("dynamically linked");
  }

  @Test
  void runtimeJar_isShippedWhereTheRuntimeStepLooksForIt_andWarnedAboutWhenMissing() throws Exception {
    Path jar = temp.resolve("ww-node-runtime.jar");
    Files.writeString(jar, "jar bytes");

    builder(config(List.of("virtio_net"), List.of())).runtimeJar(jar).build()
        .writeTo(temp.resolve("a/kernel"), temp.resolve("a/initfs.gz"));
    Map<String, byte[]> with = read(temp.resolve("a/initfs.gz"));
    builder(config(List.of("virtio_net"), List.of())).build()
        .writeTo(temp.resolve("b/kernel"), temp.resolve("b/initfs.gz"));

    assertThat(new String(with.get("warewulf/lib/ww-node-runtime.jar"), StandardCharsets.UTF_8)).isEqualTo("jar bytes");
    assertThat(read(temp.resolve("b/initfs.gz"))).doesNotContainKey("warewulf/lib/ww-node-runtime.jar");
    assertThat(logs).extracting(LogEvent::message).containsOnlyOnce(
        "No node runtime jar given: nodes get /warewulf/config but not wwgetfiles, wwgetscript and their cron jobs");
    assertThatThrownBy(() -> builder(config(List.of("virtio_net"), List.of())).runtimeJar(temp.resolve("none.jar"))
            .build().writeTo(temp.resolve("c/kernel"), temp.resolve("c/initfs.gz")))
        .isInstanceOf(UserException.class).hasMessageContaining("none.jar does not exist");
    assertThat(temp.resolve("c/initfs.gz")).doesNotExist();
  }

  /** The uncompressed archive at the start of an initramfs file, and where the rest begins. */
  private record Early(Map<String, byte[]> entries, int end) {}

  private static Early early(byte[] file) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(file);
    try (CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
      for (CpioArchiveEntry e = cpio.getNextCPIOEntry(); e != null; e = cpio.getNextCPIOEntry()) {
        entries.put(e.getName(), cpio.readAllBytes());
      }
      int end = file.length - in.available();
      while (end < file.length && file[end] == 0) {
        end++;
      }
      return new Early(entries, end);
    }
  }

  @Test
  void microcode_isAnUncompressedArchiveBeforeTheUnchangedCompressedOne() throws Exception {
    tree.firmware("intel-ucode/06-8e-0a", "intel-a").firmware("intel-ucode/06-9e-0d", "intel-b")
        .firmware("amd-ucode/microcode_amd_fam19h.bin", "amd");

    BootstrapResult with = builder(config(List.of("virtio_net"), List.of())).microcode(true).build()
        .writeTo(temp.resolve("a/kernel"), temp.resolve("a/initfs.gz"));
    builder(config(List.of("virtio_net"), List.of())).build()
        .writeTo(temp.resolve("b/kernel"), temp.resolve("b/initfs.gz"));

    byte[] file = Files.readAllBytes(temp.resolve("a/initfs.gz"));
    Early early = early(file);
    assertThat(early.entries().keySet()).containsExactly("kernel", "kernel/x86", "kernel/x86/microcode",
        "kernel/x86/microcode/AuthenticAMD.bin", "kernel/x86/microcode/GenuineIntel.bin");
    assertThat(new String(early.entries().get("kernel/x86/microcode/GenuineIntel.bin"), StandardCharsets.UTF_8))
        .isEqualTo("intel-aintel-b");
    assertThat(early.end() % 512).isZero();
    assertThat(java.util.Arrays.copyOfRange(file, early.end(), file.length))
        .isEqualTo(Files.readAllBytes(temp.resolve("b/initfs.gz")));
    assertThat(with.microcodeSize()).isEqualTo(early.end());
    assertThat(with.initramfsSize()).isEqualTo(file.length);
    assertThat(logs).extracting(LogEvent::message).contains(
        "Microcode included in bootstrap: GenuineIntel.bin (2 files, 14 bytes), AuthenticAMD.bin (1 files, 3 bytes)");
  }

  @Test
  void microcode_rootWithoutAny_isAWarningAndTheInitramfsStaysPlain() throws Exception {
    BootstrapResult result = builder(config(List.of("virtio_net"), List.of())).microcode(true).build()
        .writeTo(temp.resolve("a/kernel"), temp.resolve("a/initfs.gz"));

    assertThat(result.microcodeSize()).isZero();
    assertThat(Files.readAllBytes(temp.resolve("a/initfs.gz"))).startsWith(0x1f, 0x8b);
    assertThat(logs).filteredOn(l -> l.level() == LogEvent.Level.WARN).extracting(LogEvent::message)
        .anySatisfy(m -> assertThat(m).startsWith("No microcode in " + tree.root().resolve("lib/firmware"))
            .contains("intel-microcode").contains("microcode_ctl"));
  }

  /** A one-file uncompressed newc archive, as other tools write them. */
  private static void writeNewc(Path file, String name) throws Exception {
    try (var cpio = new org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream(Files.newOutputStream(file))) {
      CpioArchiveEntry entry = new CpioArchiveEntry(org.apache.commons.compress.archivers.cpio.CpioConstants.FORMAT_NEW, name, 1);
      entry.setMode(0100644);
      cpio.putArchiveEntry(entry);
      cpio.write('u');
      cpio.closeArchiveEntry();
    }
  }

  @Test
  void microcodeArchive_isPrependedAsItIs_andAnythingElseIsRefused() throws Exception {
    Path prepared = temp.resolve("ucode.cpio");
    writeNewc(prepared, "kernel/x86/microcode/GenuineIntel.bin");
    builder(config(List.of("virtio_net"), List.of())).microcodeArchive(prepared).build()
        .writeTo(temp.resolve("a/kernel"), temp.resolve("a/initfs.gz"));

    assertThat(Files.readAllBytes(temp.resolve("a/initfs.gz"))).startsWith(Files.readAllBytes(prepared));

    Path gzipped = temp.resolve("ucode.cpio.gz");
    Files.copy(temp.resolve("a/initfs.gz"), gzipped);
    Files.write(gzipped, java.util.Arrays.copyOfRange(Files.readAllBytes(gzipped), Files.readAllBytes(prepared).length,
        (int) Files.size(gzipped)));
    Path elsewhere = temp.resolve("other.cpio");
    writeNewc(elsewhere, "./kernel/x86/microcode/GenuineIntel.bin");
    for (Path bad : List.of(gzipped, elsewhere, temp.resolve("missing.cpio"))) {
      assertThatThrownBy(() -> builder(config(List.of("virtio_net"), List.of())).microcodeArchive(bad).build()
              .writeTo(temp.resolve("c/kernel"), temp.resolve("c/initfs.gz")))
          .isInstanceOf(UserException.class).hasMessageContaining(bad.toString());
    }
    assertThat(temp.resolve("c/initfs.gz")).doesNotExist();
    assertThatThrownBy(() -> builder(config(List.of(), List.of())).microcode(true).microcodeArchive(prepared).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void capsule_givesTheSameBootstrapAsTheTreeItWasMadeFrom_choosingItsOnlyKernel() throws Exception {
    tree.firmware("intel-ucode/06-8e-0a", "intel");
    Path capsule = temp.resolve("node.vnfs");
    try (java.io.OutputStream out = Files.newOutputStream(capsule)) {
      dev.ww.capsule.Capsule.fromTree(tree.root()).writeTo(out);
    }
    BootstrapConfig config = config(List.of("virtio_net", "e1000", "myfs"), List.of("bnx2/*"));

    BootstrapResult fromTree = builder(config).microcode(true).build()
        .writeTo(temp.resolve("tree/kernel"), temp.resolve("tree/initfs.gz"));
    BootstrapResult fromCapsule = Bootstrap.builder().capsule(capsule).workDirectory(temp.resolve("work"))
        .busybox(busybox).config(config).events(events).microcode(true).build()
        .writeTo(temp.resolve("capsule/kernel"), temp.resolve("capsule/initfs.gz"));

    assertThat(fromCapsule.kernelVersion()).isEqualTo(TestKernelTree.KVER);
    assertThat(fromCapsule.initramfsSha256()).isEqualTo(fromTree.initramfsSha256());
    assertThat(Files.mismatch(temp.resolve("tree/kernel"), temp.resolve("capsule/kernel"))).isEqualTo(-1);
    assertThat(fromCapsule.drivers()).isEqualTo(fromTree.drivers());
    assertThat(fromCapsule.missingFirmware()).containsExactly("e1000: e1000/missing.bin");
    assertThat(logs).extracting(LogEvent::message)
        .contains("1 firmware file(s) declared by included modules were not found in lib/firmware of the capsule "
            + capsule + ": e1000: e1000/missing.bin");
    try (var left = Files.list(temp.resolve("work"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void capsule_missingFile_isAUserError() {
    assertThatThrownBy(() -> Bootstrap.builder().capsule(temp.resolve("none.vnfs")).busybox(busybox)
            .config(config(List.of(), List.of())).build().writeTo(temp.resolve("a/kernel"), temp.resolve("a/initfs.gz")))
        .isInstanceOf(UserException.class).hasMessage("No capsule file " + temp.resolve("none.vnfs"));
  }

  @Test
  void noVersion_takesTheRootsOnlyKernel_andSeveralAreAnError() throws Exception {
    BootstrapResult only = Bootstrap.builder().root(tree.root()).busybox(busybox).config(config(List.of(), List.of()))
        .build().writeTo(temp.resolve("a/kernel"), temp.resolve("a/initfs.gz"));
    assertThat(only.kernelVersion()).isEqualTo(TestKernelTree.KVER);

    Files.createDirectories(tree.root().resolve("lib/modules/6.2.0-other"));
    Files.writeString(tree.root().resolve("boot/vmlinuz-6.2.0-other"), "other");
    assertThatThrownBy(() -> Bootstrap.builder().root(tree.root()).busybox(busybox).config(config(List.of(), List.of()))
            .build().writeTo(temp.resolve("b/kernel"), temp.resolve("b/initfs.gz")))
        .isInstanceOf(UserException.class)
        .hasMessage("The root " + tree.root() + " holds several kernels (" + TestKernelTree.KVER + ", 6.2.0-other): give the version to use");
  }
}

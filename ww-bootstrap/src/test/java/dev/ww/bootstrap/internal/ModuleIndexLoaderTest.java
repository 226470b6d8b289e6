package dev.ww.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.bootstrap.TestKernelTree;
import dev.ww.core.event.EventHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleIndexLoaderTest {

  @TempDir Path temp;

  @Test
  void load_withoutModulesDep_readsMetadataOfEveryCompression() throws Exception {
    TestKernelTree tree = TestKernelTree.standard(temp);

    ModuleIndex index = new ModuleIndexLoader(EventHandlers.none()).load(tree.root(), tree.modulesDir());

    assertThat(index.fromDepmod()).isFalse();
    assertThat(index.modules()).extracting(KernelModule::name)
        .contains("virtio_net", "virtio_pci", "net_failover", "e1000", "myfs");
    KernelModule virtioNet = index.module("virtio-net").orElseThrow();
    assertThat(virtioNet.path()).isEqualTo("kernel/drivers/net/virtio_net.ko.gz");
    assertThat(virtioNet.depends()).containsExactly("net_failover", "virtio_ring");
    assertThat(virtioNet.aliases()).containsExactly("virtio:d00000001v*");
    assertThat(index.module("myfs").orElseThrow().softPre()).containsExactly("crc32c_generic");
    assertThat(index.module("myfs").orElseThrow().softPost()).containsExactly("nls_ascii");
    assertThat(index.isBuiltin("ext4")).isTrue();
    assertThat(index.firmwareOf(index.module("e1000").orElseThrow()))
        .containsExactly("e1000/fw.bin", "e1000/missing.bin");
  }

  @Test
  void load_withDepmodFiles_usesThem() throws Exception {
    TestKernelTree tree = TestKernelTree.standard(temp);
    Path dir = tree.modulesDir();
    Files.write(dir.resolve("modules.dep"), List.of(
        "kernel/drivers/net/virtio_net.ko.gz: kernel/drivers/net/net_failover.ko.zst kernel/net/core/failover.ko kernel/drivers/virtio/virtio_ring.ko",
        "kernel/drivers/net/net_failover.ko.zst: kernel/net/core/failover.ko",
        "kernel/net/core/failover.ko:",
        "kernel/drivers/virtio/virtio_ring.ko:"));
    Files.write(dir.resolve("modules.softdep"), List.of("# comment", "softdep virtio_net pre: failover post: virtio-ring"));
    Files.write(dir.resolve("modules.alias"), List.of("alias virtio:d00000001v* virtio_net"));

    ModuleIndex index = new ModuleIndexLoader(EventHandlers.none()).load(tree.root(), dir);

    assertThat(index.fromDepmod()).isTrue();
    assertThat(index.modules()).hasSize(4);
    KernelModule virtioNet = index.module("virtio_net").orElseThrow();
    assertThat(virtioNet.depends()).containsExactly("net_failover", "failover", "virtio_ring");
    assertThat(virtioNet.softPre()).containsExactly("failover");
    assertThat(virtioNet.softPost()).containsExactly("virtio_ring");
    assertThat(virtioNet.aliases()).containsExactly("virtio:d00000001v*");
  }

  @Test
  void load_moduleSymlinkWithAbsoluteTarget_isFollowedInsideTheRoot() throws Exception {
    TestKernelTree tree = TestKernelTree.standard(temp);
    dev.ww.bootstrap.TestElf.writeModule(temp.resolve("opt/ww-test-mods/outside.ko"), List.of("name=outside", "depends="));
    Files.createDirectories(tree.modulesDir().resolve("extra"));
    Files.createSymbolicLink(tree.modulesDir().resolve("extra/outside.ko"), Path.of("/opt/ww-test-mods/outside.ko"));

    ModuleIndex index = new ModuleIndexLoader(EventHandlers.none()).load(tree.root(), tree.modulesDir());

    KernelModule module = index.module("outside").orElseThrow();
    assertThat(index.fileOf(module)).isEqualTo(temp.resolve("opt/ww-test-mods/outside.ko"));
  }

  @Test
  void load_readsSoftdepsFromModprobeDirectoriesOfTheRoot() throws Exception {
    TestKernelTree tree = TestKernelTree.standard(temp);
    Files.createDirectories(temp.resolve("etc/modprobe.d"));
    Files.write(temp.resolve("etc/modprobe.d/x.conf"), List.of("softdep e1000 pre: nls_cp437"));

    ModuleIndex index = new ModuleIndexLoader(EventHandlers.none()).load(tree.root(), tree.modulesDir());

    assertThat(index.module("e1000").orElseThrow().softPre()).containsExactly("nls_cp437");
  }
}

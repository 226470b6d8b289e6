package dev.ww.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A fake root with one kernel: boot/vmlinuz-KVER and modules built with {@link TestElf}. */
public final class TestKernelTree {

  public static final String KVER = "6.1.0-test-amd64";

  private final Path root;

  public TestKernelTree(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(modulesDir());
    Files.createDirectories(root.resolve("boot"));
    Files.write(root.resolve("boot/vmlinuz-" + KVER), "kernel image".getBytes());
  }

  public Path root() {
    return root;
  }

  public Path modulesDir() {
    return root.resolve("lib/modules/" + KVER);
  }

  /** Adds a module at {@code relativePath} (suffix decides compression). */
  public TestKernelTree module(String relativePath, String... modinfo) throws IOException {
    List<String> entries = new ArrayList<>(List.of(modinfo));
    TestElf.writeModule(modulesDir().resolve(relativePath), entries);
    return this;
  }

  public TestKernelTree firmware(String relativePath, String content) throws IOException {
    Path file = root.resolve("lib/firmware/" + relativePath);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return this;
  }

  public TestKernelTree builtin(String... paths) throws IOException {
    Files.write(modulesDir().resolve("modules.builtin"), List.of(paths));
    return this;
  }

  /**
   * A small driver stack like the real one: virtio_net needs net_failover (needs failover)
   * and virtio_ring; e1000 declares firmware; crc32c is a soft dependency of ext4-like fs.
   */
  public static TestKernelTree standard(Path root) throws IOException {
    return new TestKernelTree(root)
        .module("kernel/drivers/virtio/virtio_ring.ko", "name=virtio_ring", "depends=")
        .module("kernel/drivers/virtio/virtio_pci.ko.xz", "name=virtio_pci", "depends=virtio_ring",
            "alias=pci:v00001AF4d*sv*sd*bc*sc*i*")
        .module("kernel/net/core/failover.ko", "name=failover", "depends=")
        .module("kernel/drivers/net/net_failover.ko.zst", "name=net_failover", "depends=failover")
        .module("kernel/drivers/net/virtio_net.ko.gz", "name=virtio_net",
            "depends=net_failover,virtio_ring", "alias=virtio:d00000001v*")
        .module("kernel/drivers/net/ethernet/intel/e1000.ko", "name=e1000", "depends=",
            "firmware=e1000/fw.bin", "firmware=e1000/missing.bin", "alias=pci:v00008086d0000100Esv*sd*bc*sc*i*")
        .module("kernel/lib/crc32c_generic.ko", "name=crc32c_generic", "depends=", "alias=crc32c", "alias=crypto-crc32c")
        .module("kernel/arch/x86/crc32c-intel.ko", "name=crc32c_intel", "depends=", "alias=crc32c", "alias=crypto-crc32c")
        .module("kernel/lib/libcrc32c.ko", "name=libcrc32c", "depends=", "softdep=pre: crypto-crc32c")
        .module("kernel/fs/myfs/myfs.ko", "name=myfs", "depends=", "softdep=pre: crc32c_generic post: nls-ascii")
        .module("kernel/fs/nls/nls_ascii.ko", "name=nls_ascii", "depends=")
        .module("kernel/fs/nls/nls_cp437.ko", "name=nls_cp437", "depends=")
        .builtin("kernel/fs/ext4/ext4.ko", "kernel/drivers/block/loop.ko")
        .firmware("e1000/fw.bin", "firmware-bytes")
        .firmware("bnx2/bnx2-a.fw", "a")
        .firmware("bnx2/bnx2-b.fw.xz", "b");
  }
}

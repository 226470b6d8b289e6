package dev.ww.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.bootstrap.internal.ArchiveTree;
import dev.ww.bootstrap.internal.NewcWriter;
import dev.ww.core.process.Command;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots a built bootstrap in qemu (TCG) against a loopback master: the node loads virtio_net
 * through busybox modprobe, gets an address by DHCP, fetches its configuration and a capsule,
 * verifies and unpacks it, and switches into it.
 */
class BootIT {

  private static final String MARKER = "WW-CAPSULE-MARKER-OK";
  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path temp;
  private KernelFixture kernel;

  @BeforeEach
  void prerequisites() {
    Prerequisites.requireProgram("qemu-system-x86_64", "qemu-system-x86");
    Prerequisites.require(Files.isRegularFile(BUSYBOX), "/bin/busybox (Debian package busybox-static)");
    kernel = KernelFixture.get();
  }

  /** A capsule whose /sbin/init prints the marker and the runtime config, then powers off. */
  private static byte[] capsule() throws Exception {
    ArchiveTree tree = new ArchiveTree()
        .file("bin/busybox", 0755, ArchiveTree.Content.file(BUSYBOX))
        .symlink("bin/sh", "busybox")
        .directory("proc", 0755)
        .directory("sys", 0755)
        .directory("dev", 0755)
        .file("sbin/init", 0755, ArchiveTree.Content.of(
            "#!/bin/sh\necho " + MARKER + "\n/bin/busybox cat /warewulf/config\n"
                + "echo o > /proc/sysrq-trigger\n/bin/busybox sleep 30\n"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NewcWriter.writeGzip(tree, out);
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private BootstrapResult build(BootstrapConfig config) throws Exception {
    return Bootstrap.builder(kernel.version()).root(kernel.rawRoot()).busybox(BUSYBOX).config(config).build()
        .writeTo(temp.resolve("bs/kernel"), temp.resolve("bs/initfs.gz"));
  }

  private static BootstrapConfig small() {
    return new BootstrapConfig(List.of("virtio_net", "virtio_pci"), List.of(), List.of(), BootstrapConfig.allCapabilities());
  }

  private String boot(BootstrapResult bootstrap, MiniMaster master) {
    String netdev = "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:80-cmd:busybox nc 127.0.0.1 " + master.port();
    Command qemu = Command.builder(
            "qemu-system-x86_64", "-m", "1024", "-nographic", "-no-reboot", "-nodefaults", "-serial", "stdio",
            "-kernel", bootstrap.kernelFile().toString(), "-initrd", bootstrap.initramfsFile().toString(),
            "-append", "console=ttyS0 panic=1 wwmaster=10.0.2.100 wwrebootdelay=1 wwretries=3",
            "-netdev", netdev, "-device", "virtio-net-pci,netdev=n0")
        .timeout(Duration.ofMinutes(8))
        .allowFailure()
        .build();
    return Prerequisites.run(qemu).stdout();
  }

  /** The report bodies the node POSTed, decoded; only failures keep their message. */
  private static List<String> reports(MiniMaster master) {
    return master.posts().stream()
        .filter(p -> p.startsWith("/WW/report?hwaddr=52:54:00:12:34:56 "))
        .map(p -> java.net.URLDecoder.decode(p.substring(p.indexOf(' ') + 1), StandardCharsets.UTF_8))
        .map(body -> body.contains("&message=") && !body.contains("&status=failed&")
            ? body.substring(0, body.indexOf("&message=")) : body)
        .toList();
  }

  @Test
  void boot_defaultDriverSet_provisionsTheCapsuleAndSwitchesIntoIt() throws Exception {
    byte[] capsule = capsule();
    BootstrapResult bootstrap = build(BootstrapConfigs.defaults());
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/nodeconfig", ("WWNODENAME='n0042'\nWWVNFS_SHA256='" + sha256(capsule) + "'\n")
              .getBytes(StandardCharsets.UTF_8))
          .answer("/WW/vnfs", capsule)
          .answer("/WW/script", new byte[0])
          .answer("/WW/file", new byte[0]);

      String console = boot(bootstrap, master);

      assertThat(console).contains("ww: hardware modules:").contains("virtio_net")
          .contains("capsule verified").contains(MARKER).contains("WWNODENAME='n0042'")
          .contains("WWINIT_HWADDR='52:54:00:12:34:56'");
      assertThat(master.requests()).contains(
          "/WW/nodeconfig?hwaddr=52:54:00:12:34:56", "/WW/vnfs?hwaddr=52:54:00:12:34:56");
      assertThat(reports(master)).contains(
          "stage=network&status=ok", "stage=config&status=ok", "stage=getvnfs&status=ok",
          "stage=switch-root&status=started");
    }
  }

  /**
   * The kernel reads the early microcode archive uncompressed and then the compressed main
   * archive behind it: a bootstrap with Debian's microcode still boots all the way.
   */
  @Test
  void boot_withEarlyMicrocode_stillUnpacksTheMainArchiveAndProvisions() throws Exception {
    byte[] capsule = capsule();
    BootstrapResult bootstrap = Bootstrap.builder(kernel.version()).root(kernel.microcodeRoot()).busybox(BUSYBOX)
        .config(small()).microcode(true).build()
        .writeTo(temp.resolve("ucode/kernel"), temp.resolve("ucode/initfs.gz"));
    assertThat(bootstrap.microcodeSize()).isPositive();
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/nodeconfig", ("WWVNFS_SHA256='" + sha256(capsule) + "'\n").getBytes(StandardCharsets.UTF_8))
          .answer("/WW/vnfs", capsule)
          .answer("/WW/script", new byte[0])
          .answer("/WW/file", new byte[0]);

      String console = boot(bootstrap, master);

      assertThat(console).doesNotContain("Initramfs unpacking failed").contains("ww: hardware modules:")
          .contains("capsule verified").contains(MARKER);
    }
  }

  @Test
  void boot_capsuleChecksumMismatch_showsTheErrorAndReboots() throws Exception {
    byte[] capsule = capsule();
    BootstrapResult bootstrap = build(small());
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/nodeconfig", ("WWVNFS_SHA256='" + "0".repeat(64) + "'\n").getBytes(StandardCharsets.UTF_8))
          .answer("/WW/vnfs", capsule)
          .answer("/WW/script", new byte[0])
          .answer("/WW/file", new byte[0]);

      String console = boot(bootstrap, master);

      assertThat(console).contains("Capsule checksum mismatch: expected " + "0".repeat(64) + ", got " + sha256(capsule))
          .contains("provision step 30-getvnfs failed").contains("rebooting in 1 seconds")
          .doesNotContain(MARKER);
      assertThat(reports(master)).anySatisfy(r -> assertThat(r)
          .startsWith("stage=getvnfs&status=failed&message=provision step 30-getvnfs failed (status 2): Capsule checksum mismatch"));
    }
  }

  @Test
  void boot_noCapsuleOnTheMaster_showsTheErrorAndReboots() throws Exception {
    BootstrapResult bootstrap = build(small());
    try (MiniMaster master = new MiniMaster()) {
      master.answer("/WW/nodeconfig", ("WWVNFS_SHA256='" + "1".repeat(64) + "'\n").getBytes(StandardCharsets.UTF_8))
          .answer("/WW/script", new byte[0])
          .answer("/WW/file", new byte[0]);

      String console = boot(bootstrap, master);

      assertThat(console).contains("http://10.0.2.100:80/WW/vnfs?hwaddr=52:54:00:12:34:56").contains("404")
          .contains("provision step 30-getvnfs failed").doesNotContain(MARKER);
    }
  }
}

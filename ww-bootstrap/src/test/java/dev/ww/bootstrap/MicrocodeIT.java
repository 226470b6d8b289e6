package dev.ww.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.process.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early microcode from Debian's real {@code intel-microcode} and {@code amd64-microcode}
 * packages, checked with the tools distributions use: GNU {@code cpio} reads the early archive
 * the kernel scans, {@code iucode_tool} finds in our {@code GenuineIntel.bin} exactly the Intel
 * microcodes of the package, and {@code AuthenticAMD.bin} is byte for byte what Debian's
 * initramfs hook for amd64-microcode builds (every file of {@code amd-ucode}, sorted, joined).
 */
class MicrocodeIT {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path temp;
  private KernelFixture kernel;
  private Path root;

  @BeforeEach
  void prerequisites() throws Exception {
    Prerequisites.require(Files.isRegularFile(BUSYBOX), "/bin/busybox (Debian package busybox-static)");
    Prerequisites.requireProgram("cpio", "cpio");
    Prerequisites.requireProgram("iucode_tool", "iucode-tool");
    kernel = KernelFixture.get();
    root = kernel.microcodeRoot();
  }

  private BootstrapResult build(boolean microcode, String name) throws Exception {
    return Bootstrap.builder(kernel.version()).root(root).busybox(BUSYBOX)
        .config(new BootstrapConfig(List.of("virtio_net"), List.of(), List.of(), BootstrapConfig.allCapabilities()))
        .microcode(microcode).build()
        .writeTo(temp.resolve(name + "/kernel"), temp.resolve(name + "/initfs.gz"));
  }

  private static String sh(String script) {
    return Prerequisites.run(Command.builder("sh", "-c", script).build()).stdout();
  }

  /** The microcodes iucode_tool finds, as "sig pf_mask revision size" lines, sorted. */
  private static List<String> intelMicrocodes(Path fileOrDirectory) {
    return sh("iucode_tool -l '" + fileOrDirectory + "' 2>&1").lines()
        .filter(l -> l.contains(": sig "))
        .map(l -> l.substring(l.indexOf("sig ")).replaceAll(", \\d{4}-\\d\\d-\\d\\d", ""))
        .sorted().toList();
  }

  @Test
  void debianMicrocodePackages_giveAnEarlyArchiveTheKernelAndTheDistributionsToolsRead() throws Exception {
    BootstrapResult with = build(true, "with");
    build(false, "without");
    Path initramfs = with.initramfsFile();

    String listing = sh("cpio -t --quiet < '" + initramfs + "'");
    assertThat(listing.lines()).containsExactly("kernel", "kernel/x86", "kernel/x86/microcode",
        "kernel/x86/microcode/AuthenticAMD.bin", "kernel/x86/microcode/GenuineIntel.bin");

    Path unpacked = Files.createDirectories(temp.resolve("unpacked"));
    sh("cd '" + unpacked + "' && cpio -i -d --quiet < '" + initramfs + "'");
    Path intel = unpacked.resolve("kernel/x86/microcode/GenuineIntel.bin");
    Path amd = unpacked.resolve("kernel/x86/microcode/AuthenticAMD.bin");

    List<String> fromPackage = intelMicrocodes(root.resolve("lib/firmware/intel-ucode"));
    assertThat(fromPackage).hasSizeGreaterThan(100);
    assertThat(intelMicrocodes(intel)).isEqualTo(fromPackage);

    Path debianAmd = temp.resolve("debian-amd.bin");
    sh("find '" + root.resolve("lib/firmware/amd-ucode") + "/.' -maxdepth 1 -type f -print0 | LC_ALL=C sort -z"
        + " | xargs -0 -r cat > '" + debianAmd + "'");
    assertThat(Files.size(debianAmd)).isPositive();
    assertThat(Files.mismatch(amd, debianAmd)).isEqualTo(-1);

    byte[] file = Files.readAllBytes(initramfs);
    byte[] plain = Files.readAllBytes(temp.resolve("without/initfs.gz"));
    assertThat(with.microcodeSize() % 512).isZero();
    assertThat(Arrays.copyOfRange(file, (int) with.microcodeSize(), file.length)).isEqualTo(plain);
    assertThat(Arrays.copyOfRange(file, 0, (int) with.microcodeSize()))
        .as("only padding after the early archive's trailer")
        .endsWith(new byte[4]);
    System.out.printf("early microcode archive: %d bytes (GenuineIntel.bin %d, AuthenticAMD.bin %d); initramfs %d bytes%n",
        with.microcodeSize(), Files.size(intel), Files.size(amd), plain.length);
  }

  @Test
  void sameRoot_sameBytes() throws Exception {
    build(true, "a");
    build(true, "b");

    assertThat(Files.mismatch(temp.resolve("a/initfs.gz"), temp.resolve("b/initfs.gz"))).isEqualTo(-1);
  }
}

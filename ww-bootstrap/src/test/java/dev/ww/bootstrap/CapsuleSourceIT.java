package dev.ww.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.capsule.Capsule;
import dev.ww.capsule.CapsuleWriteResult;
import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capsule as the kernel source, for real: the capsule is built by ww-capsule from a tree
 * holding Debian's kernel package, firmware-linux-free and the microcode packages; the
 * bootstrap built from the capsule (the kernel version found in it) is byte for byte the one
 * built from the tree itself, and nothing is left in the work directory.
 */
class CapsuleSourceIT {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path temp;
  private KernelFixture kernel;
  private Path tree;
  private final List<LogEvent> logs = new ArrayList<>();

  @BeforeEach
  void prerequisites() throws Exception {
    Prerequisites.require(Files.isRegularFile(BUSYBOX), "/bin/busybox (Debian package busybox-static)");
    kernel = KernelFixture.get();
    tree = kernel.microcodeRoot();
  }

  private Bootstrap.Builder configured(Bootstrap.Builder builder) {
    return builder.busybox(BUSYBOX).config(BootstrapConfigs.defaults()).microcode(true)
        .events(EventHandlers.builder().add(LogEvent.class, logs::add).build());
  }

  @Test
  void capsuleOfARealKernelTree_givesTheSameBootstrapAsTheTree() throws Exception {
    Path capsule = temp.resolve("node.vnfs");
    long start = System.nanoTime();
    CapsuleWriteResult written;
    try (OutputStream out = Files.newOutputStream(capsule)) {
      written = Capsule.fromTree(tree).writeTo(out);
    }
    long capsuleMillis = (System.nanoTime() - start) / 1_000_000;

    start = System.nanoTime();
    BootstrapResult fromTree = configured(Bootstrap.builder(kernel.version()).root(tree)).build()
        .writeTo(temp.resolve("tree/kernel"), temp.resolve("tree/initfs.gz"));
    long treeMillis = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    BootstrapResult fromCapsule = configured(Bootstrap.builder().capsule(capsule).workDirectory(temp.resolve("work")))
        .build().writeTo(temp.resolve("capsule/kernel"), temp.resolve("capsule/initfs.gz"));
    long capsuleBuildMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(fromCapsule.kernelVersion()).isEqualTo(kernel.version());
    assertThat(fromCapsule.drivers()).hasSizeGreaterThan(500).isEqualTo(fromTree.drivers());
    assertThat(fromCapsule.firmware()).isNotEmpty().isEqualTo(fromTree.firmware());
    assertThat(fromCapsule.microcodeSize()).isPositive().isEqualTo(fromTree.microcodeSize());
    assertThat(Files.mismatch(temp.resolve("tree/initfs.gz"), temp.resolve("capsule/initfs.gz"))).isEqualTo(-1);
    assertThat(Files.mismatch(temp.resolve("tree/kernel"), temp.resolve("capsule/kernel"))).isEqualTo(-1);
    try (Stream<Path> left = Files.list(temp.resolve("work"))) {
      assertThat(left).isEmpty();
    }
    System.out.printf("capsule of the kernel tree: %d entries, %.1f MiB compressed, written in %d ms;"
            + " bootstrap from the tree %d ms, from the capsule %d ms (%.2fx)%n",
        written.entries(), written.compressedBytes() / 1048576.0, capsuleMillis, treeMillis, capsuleBuildMillis,
        (double) capsuleBuildMillis / treeMillis);
  }

  @Test
  void capsuleWithoutThatKernel_namesTheOneItHas() throws Exception {
    Path capsule = temp.resolve("node.vnfs");
    try (OutputStream out = Files.newOutputStream(capsule)) {
      Capsule.fromTree(tree).writeTo(out);
    }

    assertThatThrownBy(() -> configured(Bootstrap.builder("5.10.0-99-amd64").capsule(capsule)
            .workDirectory(temp.resolve("work"))).build().writeTo(temp.resolve("k"), temp.resolve("i")))
        .isInstanceOf(UserException.class)
        .hasMessage("Unknown kernel version '5.10.0-99-amd64': the capsule " + capsule + " has no lib/modules/5.10.0-99-amd64;"
            + " kernels in it: " + kernel.version());
  }
}

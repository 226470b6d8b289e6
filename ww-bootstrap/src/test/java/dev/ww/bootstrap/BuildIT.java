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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole bootstrap builds from a real Debian kernel package, and the bad inputs around them. */
class BuildIT {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path temp;
  private KernelFixture kernel;
  private final List<LogEvent> logs = new ArrayList<>();

  @BeforeEach
  void prerequisites() {
    Prerequisites.require(Files.isRegularFile(BUSYBOX), "/bin/busybox (Debian package busybox-static)");
    kernel = KernelFixture.get();
  }

  private Bootstrap.Builder builder(BootstrapConfig config) {
    return Bootstrap.builder(kernel.version()).root(kernel.rawRoot()).busybox(BUSYBOX).config(config)
        .events(EventHandlers.builder().add(LogEvent.class, logs::add).build());
  }

  private List<String> warnings() {
    return logs.stream().filter(l -> l.level() == LogEvent.Level.WARN).map(LogEvent::message).toList();
  }

  @Test
  void build_defaultDriverSet_isReproducibleAndCarriesAModulesDepForItsModules() throws Exception {
    BootstrapResult first = builder(BootstrapConfigs.defaults()).build()
        .writeTo(temp.resolve("a/kernel"), temp.resolve("a/initfs.gz"));
    BootstrapResult second = builder(BootstrapConfigs.defaults()).build()
        .writeTo(temp.resolve("b/kernel"), temp.resolve("b/initfs.gz"));

    assertThat(Files.mismatch(temp.resolve("a/initfs.gz"), temp.resolve("b/initfs.gz"))).isEqualTo(-1);
    assertThat(first.initramfsSha256()).isEqualTo(second.initramfsSha256());
    assertThat(Files.mismatch(temp.resolve("a/kernel"), kernel.rawRoot().resolve("boot/vmlinuz-" + kernel.version())))
        .isEqualTo(-1);
    assertThat(first.drivers()).contains("virtio_net", "e1000", "nvme", "ext4", "xfs", "sd_mod");
    assertThat(first.unmatchedDrivers()).isEmpty();
    assertThat(logs).extracting(LogEvent::message)
        .contains("Number of drivers included in bootstrap: " + first.drivers().size(),
            "Number of firmware images included in bootstrap: " + first.firmware().size())
        .anyMatch(m -> m.startsWith("Capabilities included in bootstrap: transport-http"));

    Map<String, String> paths = new HashMap<>();
    String modulesDep = null;
    String prefix = "lib/modules/" + kernel.version() + "/";
    try (InputStream in = new GZIPInputStream(Files.newInputStream(temp.resolve("a/initfs.gz")));
        CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
      for (CpioArchiveEntry e = cpio.getNextEntry(); e != null; e = cpio.getNextEntry()) {
        if (e.getName().equals(prefix + "modules.dep")) {
          modulesDep = new String(cpio.readAllBytes(), StandardCharsets.UTF_8);
        } else if (e.getName().endsWith(".ko")) {
          paths.put(e.getName().substring(prefix.length()), e.getName());
        }
      }
    }
    assertThat(paths).hasSize(first.drivers().size());
    assertThat(modulesDep).isNotNull();
    for (String line : modulesDep.split("\n")) {
      for (String path : line.replace(":", "").trim().split("\\s+")) {
        assertThat(paths).as("modules.dep names only modules in the archive").containsKey(path);
      }
    }
  }

  @Test
  void build_unknownKernelVersion_isAClearError() {
    assertThatThrownBy(() -> Bootstrap.builder("9.9.9-none").root(kernel.rawRoot()).busybox(BUSYBOX).build()
            .writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Unknown kernel version '9.9.9-none'")
        .hasMessageContaining(kernel.version());
    assertThat(temp.resolve("o")).doesNotExist();
  }

  @Test
  void build_withoutBusybox_isAClearError() {
    assertThatThrownBy(() -> Bootstrap.builder(kernel.version()).root(kernel.rawRoot())
            .busyboxSearchPath(List.of(temp.resolve("bin/busybox"))).build()
            .writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("No static busybox found")
        .hasMessageContaining("busybox-static");
  }

  @Test
  void build_dynamicBusybox_isRefused() {
    Prerequisites.require(Files.isRegularFile(Path.of("/bin/ls")), "/bin/ls");
    assertThatThrownBy(() -> Bootstrap.builder(kernel.version()).root(kernel.rawRoot()).busybox(Path.of("/bin/ls"))
            .build().writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("dynamically linked");
  }

  @Test
  void build_driverMatchingNothing_andFirmwareGlobMatchingNothing_areWarnedByName() throws Exception {
    BootstrapConfig config = new BootstrapConfig(List.of("virtio_net", "no_such_driver_xyz", "kernel/drivers/nothing/"),
        List.of("no-such-firmware/*"), List.of(), BootstrapConfig.allCapabilities());

    BootstrapResult result = builder(config).build().writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz"));

    assertThat(result.unmatchedDrivers()).containsExactly("no_such_driver_xyz", "kernel/drivers/nothing/");
    assertThat(result.unmatchedFirmware()).containsExactly("no-such-firmware/*");
    assertThat(warnings())
        .anyMatch(m -> m.contains("'no_such_driver_xyz'"))
        .anyMatch(m -> m.contains("'kernel/drivers/nothing/'"))
        .anyMatch(m -> m.contains("'no-such-firmware/*'"));
  }

  @Test
  void build_moduleWithFirmwareInTheRoot_includesIt_andListsWhatIsMissing() throws Exception {
    // isci declares isci/isci_firmware.bin, which firmware-linux-free ships.
    BootstrapConfig config = new BootstrapConfig(List.of("isci", "e100"), List.of(), List.of(),
        BootstrapConfig.allCapabilities());

    BootstrapResult result = builder(config).build().writeTo(temp.resolve("o/kernel"), temp.resolve("o/initfs.gz"));

    assertThat(result.firmware()).contains("isci/isci_firmware.bin");
    assertThat(result.missingFirmware()).anyMatch(m -> m.startsWith("e100: e100/"));
    assertThat(warnings()).anyMatch(m -> m.contains("e100: e100/"));
  }
}

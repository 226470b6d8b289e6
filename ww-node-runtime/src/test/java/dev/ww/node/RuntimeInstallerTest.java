package dev.ww.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.node.internal.ShellValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeInstallerTest {

  @TempDir Path dir;

  @Test
  void install_writesJarLaunchersPrivateConfigAndCronJobs() throws IOException {
    Path jar = Files.writeString(dir.resolve("rt.jar"), "jar bytes");
    Path root = dir.resolve("root");
    Map<String, String> cfg = Map.of("WWMASTER", "10.0.0.1", "WWINIT_HWADDR", "52:54:00:00:00:01", "WWX", "it's");
    RuntimeInstaller.Result r = RuntimeInstaller.install(root, cfg, jar);
    assertThat(r.installed()).isTrue();
    assertThat(root.resolve("warewulf/lib/ww-node-runtime.jar")).hasContent("jar bytes");
    for (String t : RuntimeInstaller.TOOLS) {
      assertThat(Files.getAttribute(root.resolve("warewulf/bin/" + t), "unix:mode")).isEqualTo(0100755);
      assertThat(root.resolve("warewulf/bin/" + t)).content().contains("ww-node-runtime.jar\" " + t + " \"$@\"");
    }
    Path config = root.resolve("warewulf/config");
    assertThat(Files.getAttribute(config, "unix:mode")).isEqualTo(0100600);
    assertThat(ShellValues.parse(Files.readString(config), "c")).isEqualTo(cfg);
    assertThat(root.resolve("etc/cron.d/wwgetfiles")).content()
        .contains("*/5 * * * * root /warewulf/bin/wwgetfiles --delay 180");
    assertThat(root.resolve("etc/cron.d/wwgetscript")).content()
        .contains("*/5 * * * * root /warewulf/bin/wwgetscript --exec runtime");
  }

  @Test
  void install_noRuntimeServicesSetEvenEmpty_installsNothing() throws IOException {
    Path jar = Files.writeString(dir.resolve("rt.jar"), "x");
    Path root = Files.createDirectory(dir.resolve("root"));
    RuntimeInstaller.Result r =
        RuntimeInstaller.install(
            root, Map.of("WWMASTER", "m", "WWINIT_HWADDR", "52:54:00:00:00:01", "WWNORUNTIMESERVICES", ""), jar);
    assertThat(r.installed()).isFalse();
    try (var s = Files.list(root)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void install_withoutMaster_isRefused() throws IOException {
    Path jar = Files.writeString(dir.resolve("rt.jar"), "x");
    assertThatThrownBy(() -> RuntimeInstaller.install(dir.resolve("r"), Map.of("WWINIT_HWADDR", "52:54:00:00:00:01"), jar))
        .hasMessageContaining("WWMASTER");
  }
}

package dev.ww.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutTest {

  @Test
  void fromEnvironment_withoutVariables_usesSystemDirectories() {
    Layout layout = Layout.fromEnvironment(Map.of());

    assertThat(layout.configDir()).isEqualTo(Path.of("/etc/warewulf"));
    assertThat(layout.stateDir()).isEqualTo(Path.of("/var/lib/warewulf"));
    assertThat(layout.cacheDir()).isEqualTo(Path.of("/var/lib/warewulf/cache"));
    assertThat(layout.tmpDir()).isEqualTo(Path.of("/var/lib/warewulf/tmp"));
  }

  @Test
  void fromEnvironment_withVariables_usesThem(@TempDir Path dir) {
    Layout layout =
        Layout.fromEnvironment(
            Map.of(
                "WW_CONFIG_DIR", dir.resolve("conf").toString(),
                "WW_STATE_DIR", dir.resolve("state").toString()));

    assertThat(layout.configDir()).isEqualTo(dir.resolve("conf"));
    assertThat(layout.stateDir()).isEqualTo(dir.resolve("state"));
    assertThat(layout.cacheDir()).startsWithRaw(dir.resolve("state"));
  }

  @Test
  void fromEnvironment_emptyVariable_fallsBackToDefault() {
    assertThat(Layout.fromEnvironment(Map.of("WW_CONFIG_DIR", " ")).configDir())
        .isEqualTo(Path.of("/etc/warewulf"));
  }

  @Test
  void under_putsEverythingBelowOneDirectory(@TempDir Path dir) {
    Layout layout = Layout.under(dir);

    assertThat(layout.configDir()).isEqualTo(dir.resolve("etc"));
    assertThat(layout.stateDir()).isEqualTo(dir.resolve("state"));
    assertThat(layout.cacheDir()).startsWithRaw(dir);
    assertThat(layout.tmpDir()).startsWithRaw(dir);
  }

  @Test
  void relativePaths_areMadeAbsolute() {
    Layout layout = Layout.of(Path.of("conf"), Path.of("state/../state"));

    assertThat(layout.configDir()).isAbsolute();
    assertThat(layout.stateDir()).isEqualTo(Path.of("state").toAbsolutePath());
  }

  @Test
  void configFile_resolvesInsideTheConfigurationDirectory(@TempDir Path dir) {
    Layout layout = Layout.under(dir);

    assertThat(layout.configFile("vnfs/compute.conf"))
        .isEqualTo(dir.resolve("etc/vnfs/compute.conf"));
  }

  @Test
  void configFile_refusesNamesThatLeaveTheDirectory(@TempDir Path dir) {
    Layout layout = Layout.under(dir);

    assertThatThrownBy(() -> layout.configFile("../shadow"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../shadow");
    assertThatThrownBy(() -> layout.statePath("/etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.ww.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {

  @TempDir Path dir;

  @Test
  void load_configFile_givesMasterPortHwaddrName() throws IOException {
    Files.writeString(
        dir.resolve("config"),
        "WWMASTER='10.0.0.1'\nexport WWMASTER\nWWPORT='8080'\nWWINIT_HWADDR='52:54:00:AA:BB:01'\nWWNODENAME='n1'\n");
    NodeIdentity id = NodeIdentity.load(paths());
    assertThat(id.masters()).containsExactly(new NodeIdentity.Master("10.0.0.1", 8080));
    assertThat(id.hwaddr()).isEqualTo("52:54:00:aa:bb:01");
    assertThat(id.name()).contains("n1");
  }

  @Test
  void load_noConfigFile_fallsBackToKernelCommandLine() throws IOException {
    Files.writeString(
        dir.resolve("cmdline"),
        "ro wwhostname=n2 wwmaster=10.0.0.1,10.0.0.2:81 wwport=8080 wwhwaddr=52-54-00-00-00-02 quiet\n");
    NodeIdentity id = NodeIdentity.load(paths());
    assertThat(id.masters())
        .containsExactly(new NodeIdentity.Master("10.0.0.1", 8080), new NodeIdentity.Master("10.0.0.2", 81));
    assertThat(id.hwaddr()).isEqualTo("52-54-00-00-00-02");
    assertThat(id.name()).contains("n2");
  }

  @Test
  void load_configWinsOverCommandLine() throws IOException {
    Files.writeString(dir.resolve("config"), "WWMASTER='m1'\nWWINIT_HWADDR='52:54:00:00:00:01'\n");
    Files.writeString(dir.resolve("cmdline"), "wwmaster=m2 wwhwaddr=52:54:00:00:00:02");
    NodeIdentity id = NodeIdentity.load(paths());
    assertThat(id.masters()).containsExactly(new NodeIdentity.Master("m1", 80));
    assertThat(id.hwaddr()).isEqualTo("52:54:00:00:00:01");
  }

  @Test
  void resolve_missingMasterOrHwaddr_saysWhatIsMissing() {
    Path cfg = dir.resolve("config");
    assertThatThrownBy(() -> NodeIdentity.resolve(Map.of("WWINIT_HWADDR", "52:54:00:00:00:01"), "", cfg))
        .isInstanceOf(UserException.class).hasMessageContaining("master").hasMessageContaining("wwmaster=");
    assertThatThrownBy(() -> NodeIdentity.resolve(Map.of("WWMASTER", "m"), "", cfg))
        .isInstanceOf(UserException.class).hasMessageContaining("wwhwaddr=");
    assertThatThrownBy(() -> NodeIdentity.resolve(Map.of("WWMASTER", "m", "WWINIT_HWADDR", "nope"), "", cfg))
        .isInstanceOf(UserException.class).hasMessageContaining("not a hardware address");
    assertThatThrownBy(() -> NodeIdentity.resolve(Map.of("WWMASTER", "m;rm", "WWINIT_HWADDR", "52:54:00:00:00:01"), "", cfg))
        .isInstanceOf(UserException.class).hasMessageContaining("HOST:PORT");
  }

  private NodePaths paths() {
    return NodePaths.under(dir.resolve("root"))
        .withConfig(dir.resolve("config"))
        .withCmdline(dir.resolve("cmdline"));
  }
}

package dev.ww.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapConfigsTest {

  @TempDir Path temp;

  private BootstrapConfig load(Optional<String> variant) throws Exception {
    return new BootstrapConfigs(Layout.under(temp)).load(variant);
  }

  private void write(String name, String text) throws Exception {
    Path file = temp.resolve("etc").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void load_withoutFiles_givesTheBuiltInDefaults() throws Exception {
    BootstrapConfig config = load(Optional.empty());

    assertThat(config.drivers()).contains("kernel/drivers/net/", "ext4", "xfs");
    assertThat(config.modprobe()).contains("sd_mod");
    assertThat(config.capabilities()).isEqualTo(BootstrapConfig.allCapabilities());
  }

  @Test
  void load_yaml_replacesTheKeysItSets() throws Exception {
    write("bootstrap.conf", "drivers: [virtio_net, e1000]\nfirmware:\n  - bnx2*\n");

    BootstrapConfig config = load(Optional.empty());

    assertThat(config.drivers()).containsExactly("virtio_net", "e1000");
    assertThat(config.firmware()).containsExactly("bnx2*");
    assertThat(config.modprobe()).contains("sd_mod");
  }

  @Test
  void load_warewulf3Syntax_appendsWithPlusEquals() throws Exception {
    write("bootstrap.conf", "# old file\ndrivers = virtio_net\ndrivers += e1000, nvme\nmodprobe += virtio_net\n");

    BootstrapConfig config = load(Optional.empty());

    assertThat(config.drivers()).containsExactly("virtio_net", "e1000", "nvme");
    assertThat(config.modprobe()).endsWith("virtio_net").contains("sd_mod");
  }

  @Test
  void load_variant_appliesOnTopOfTheGlobalFile() throws Exception {
    write("bootstrap.conf", "drivers: [virtio_net]\n");
    write("bootstrap/small.conf", "drivers += e1000\ncapabilities = transport-http, provision-vnfs\n");

    BootstrapConfig config = load(Optional.of("small"));

    assertThat(config.drivers()).containsExactly("virtio_net", "e1000");
    assertThat(config.capabilities()).containsExactlyInAnyOrder(Capability.TRANSPORT_HTTP, Capability.PROVISION_VNFS);
  }

  @Test
  void load_unknownVariant_isAClearError() {
    assertThatThrownBy(() -> load(Optional.of("nope")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("No bootstrap configuration 'nope'")
        .hasMessageContaining("bootstrap/nope.conf");
  }

  @Test
  void load_unknownKey_namesFileAndLine() throws Exception {
    write("bootstrap.conf", "drivers: [a]\ninclude: [b]\n");

    assertThatThrownBy(() -> load(Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.conf:2")
        .hasMessageContaining("unknown key 'include'");
  }

  @Test
  void load_unknownCapability_listsTheKnownOnes() throws Exception {
    write("bootstrap.conf", "capabilities: [transport-http, teleport]\n");

    assertThatThrownBy(() -> load(Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("teleport")
        .hasMessageContaining("provision-vnfs");
  }

  @Test
  void load_fetchingCapabilityWithoutTransport_isRefused() throws Exception {
    write("bootstrap.conf", "capabilities: [provision-vnfs]\n");

    assertThatThrownBy(() -> load(Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transport-http");
  }
}

package dev.ww.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.provision.HwAddr;
import dev.ww.provision.NetDev;
import dev.ww.provision.NodeAttribute;
import dev.ww.provision.ProvisionNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigRendererTest {

  static final HwAddr HW = HwAddr.parse("52:54:00:00:00:01");
  static final String NASTY = "a'b\"c $(touch PWNED) `touch PWNED2` \\ ; echo hi\nline2 $HOME ${x} '";

  @TempDir Path dir;

  ProvisionNode node() throws Exception {
    return ProvisionNode.builder("n1")
        .netdev(NetDev.of("eth0", HW, InetAddress.getByName("10.0.0.1"), InetAddress.getByName("255.255.255.0")))
        .attribute(NodeAttribute.of("nasty", NASTY))
        .attribute(NodeAttribute.of("my-key.x", "v"))
        .attribute(NodeAttribute.of("name", "override-attempt"))
        .attribute(NodeAttribute.secret("bmcpass", "hunter2", false))
        .attribute(NodeAttribute.secret("nodetoken", "tok", true))
        .build();
  }

  @Test
  void render_sourcedByShell_givesBackEveryValueAndRunsNothing() throws Exception {
    String text = new NodeConfigRenderer().render(node(), HW, Optional.empty()).text();
    Path conf = dir.resolve("nodeconfig");
    Files.writeString(conf, text);
    Path out = dir.resolve("out");
    Process p =
        new ProcessBuilder("/bin/sh", "-c", ". ./nodeconfig && printf '%s' \"$WWNASTY\" > out && printf '|%s|%s|%s' \"$WWNAME\" \"$WWMYKEYX\" \"$WWNODETOKEN\" >> out")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor()).isZero();
    assertThat(Files.readString(out)).isEqualTo(NASTY + "|n1|v|tok");
    assertThat(dir.resolve("PWNED")).doesNotExist();
    assertThat(dir.resolve("PWNED2")).doesNotExist();
  }

  @Test
  void render_leavesOutSecretsAndNameClashes() throws Exception {
    NodeConfigRenderer.Rendered r = new NodeConfigRenderer().render(node(), HW, Optional.empty());
    assertThat(r.text()).doesNotContain("hunter2").doesNotContain("override-attempt");
    assertThat(r.skipped()).anyMatch(s -> s.startsWith("bmcpass")).anyMatch(s -> s.startsWith("name"));
    for (String line : r.text().split("\n")) {
      if (!line.startsWith("#") && !line.startsWith("export ") && line.contains("=")) {
        assertThat(line.substring(0, line.indexOf('='))).matches("WW[A-Z0-9_]*");
      }
    }
  }

  @Test
  void variableName_upperCasesAndDropsEverythingButLettersDigitsAndUnderscore() {
    assertThat(NodeConfigRenderer.variableName("my-key.x")).isEqualTo("WWMYKEYX");
    assertThat(NodeConfigRenderer.variableName("ipmi_ipaddr")).isEqualTo("WWIPMI_IPADDR");
    assertThat(NodeConfigRenderer.variableName("ä$b 1")).isEqualTo("WWB1");
  }
}

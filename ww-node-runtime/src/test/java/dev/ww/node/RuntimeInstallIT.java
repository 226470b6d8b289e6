package dev.ww.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.provision.NodeFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeInstallIT {

  @TempDir Path dir;
  NodeFixture fx;

  @BeforeEach
  void setUp() throws IOException {
    fx = new NodeFixture(dir);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private Path nodeConfigFromServer() throws IOException {
    URL url = new URL("http://127.0.0.1:" + fx.port() + "/WW/nodeconfig?hwaddr=" + NodeFixture.HW);
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    assertThat(c.getResponseCode()).isEqualTo(200);
    try (InputStream in = c.getInputStream()) {
      return Files.write(dir.resolve("nodeconfig"), in.readAllBytes());
    }
  }

  @Test
  void install_thenLauncherRunsWwgetfilesAgainstTheMaster() throws Exception {
    fx.catalog.put(NodeFile.regular("f-motd", "motd", "/etc/motd", 0644, "data", fx.blob("hi %{NAME}\n", NodeFixture.T0)));
    fx.catalog.put(NodeFixture.node().file("f-motd").build());
    fx.start();
    Path cfg = nodeConfigFromServer();
    NodeFixture.Run r = fx.tool("install", "--root", fx.root.toString(), "--node-config", cfg.toString(),
        "--set", "WWMASTER=127.0.0.1", "--set", "WWPORT=" + fx.port(), "--set", "WWINIT_HWADDR=" + NodeFixture.HW);
    assertThat(r.exit()).as(r.err()).isZero();
    Path root = fx.root;
    assertThat(root.resolve("etc/cron.d/wwgetfiles")).content().contains("*/5 * * * * root /warewulf/bin/wwgetfiles");
    assertThat(root.resolve("etc/cron.d/wwgetscript")).content().contains("*/5 * * * * root /warewulf/bin/wwgetscript --exec runtime");
    assertThat(Files.getAttribute(root.resolve("warewulf/config"), "unix:mode")).isEqualTo(0100600);
    assertThat(root.resolve("warewulf/config")).content().contains("WWNAME='n1'").contains("WWPORT='" + fx.port() + "'");
    assertThat(Files.readAllBytes(root.resolve("warewulf/lib/ww-node-runtime.jar")))
        .isEqualTo(Files.readAllBytes(NodeFixture.jar()));

    NodeFixture.Run viaLauncher = NodeFixture.exec(
        List.of(root.resolve("warewulf/bin/wwgetfiles").toString(), "--delay", "0", "--root", root.toString(),
            "--cmdline", dir.resolve("none").toString()),
        Map.of("WW_JAVA", NodeFixture.java()));
    assertThat(viaLauncher.exit()).as(viaLauncher.err()).isZero();
    assertThat(root.resolve("etc/motd")).hasContent("hi n1");
  }

  @Test
  void install_nodeWithNoRuntimeServices_installsNothing() throws Exception {
    fx.catalog.put(NodeFixture.node().attribute(dev.ww.provision.NodeAttribute.of("noruntimeservices", "1")).build());
    fx.start();
    Path cfg = nodeConfigFromServer();
    assertThat(cfg).content().contains("WWNORUNTIMESERVICES=");
    NodeFixture.Run r = fx.tool("install", "--root", fx.root.toString(), "--node-config", cfg.toString(),
        "--set", "WWMASTER=127.0.0.1", "--set", "WWINIT_HWADDR=" + NodeFixture.HW);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("not installed");
    assertThat(fx.root.resolve("etc/cron.d")).doesNotExist();
    assertThat(fx.root.resolve("warewulf")).doesNotExist();
  }
}

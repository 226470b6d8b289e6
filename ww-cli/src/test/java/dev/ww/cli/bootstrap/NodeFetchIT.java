package dev.ww.cli.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.bootstrap.internal.NodeScripts;
import dev.ww.cli.Launcher;
import dev.ww.cli.Prerequisites;
import dev.ww.core.Layout;
import dev.ww.core.event.EventHandlers;
import dev.ww.datastore.Datastore;
import dev.ww.provision.BootReportLog;
import dev.ww.provision.DatastoreCatalog;
import dev.ww.provision.ProvisionServer;
import dev.ww.provision.ServerSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap's own {@code ww_get} (busybox sh and nc) against the real provisioning server
 * in a boot storm: the server's single transfer slot is taken, so it answers the node's capsule
 * request with 503 and {@code Retry-After}; the node waits as asked and gets the capsule once
 * the slot is free.
 */
class NodeFetchIT {

  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final String HWADDR = "52:54:00:00:00:01";

  @TempDir Path root;
  private Map<String, String> environment;
  private Path scripts;
  private byte[] capsule;

  @BeforeEach
  void setUp() throws Exception {
    Prerequisites.require(Files.isExecutable(BUSYBOX), "/bin/busybox (busybox-static)");
    environment = Map.of("WW_CONFIG_DIR", root.resolve("etc").toString(), "WW_STATE_DIR", root.resolve("state").toString(),
        "USER", "tester");
    capsule = new byte[24 << 20];
    new Random(7).nextBytes(capsule);
    Path file = Files.write(root.resolve("big.vnfs"), capsule);
    wwsh("node", "new", "n0001", "--hwaddr", HWADDR, "--ipaddr", "127.0.0.1", "--netmask", "255.0.0.0");
    wwsh("vnfs", "import", file.toString(), "-n", "big", "-y");
    wwsh("provision", "set", "n0001", "--vnfs", "big", "-y");

    scripts = Files.createDirectories(root.resolve("node"));
    Files.write(scripts.resolve("functions"), NodeScripts.read("functions"));
    Files.write(scripts.resolve("transport-http"), NodeScripts.read("transport-http"));
    Path bin = Files.createDirectories(scripts.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").start();
    for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
      if (!applet.isBlank() && !applet.equals("busybox")) {
        Files.createSymbolicLink(bin.resolve(applet.trim()), Path.of("busybox"));
      }
    }
  }

  private void wwsh(String... args) {
    List<String> all = new ArrayList<>(List.of("wwsh"));
    all.addAll(List.of(args));
    StringWriter err = new StringWriter();
    int status = Launcher.run(all.toArray(String[]::new), environment, new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true));
    assertThat(status).as(String.join(" ", args) + "\n" + err).isZero();
  }

  @Test
  void getvnfs_duringABootStorm_waitsAsTheServerAsks_thenGetsTheCapsule() throws Exception {
    try (Datastore store = Datastore.open(Layout.fromEnvironment(environment));
        ProvisionServer server = ProvisionServer.start(
            ServerSettings.builder().maxConcurrentTransfers(1).retryAfter(2, 0).build(),
            new DatastoreCatalog(store, root.resolve("cache")), new BootReportLog(8), EventHandlers.none());
        Socket other = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      // Another node's transfer takes the only slot: it asks, reads the status line, then stalls.
      OutputStream request = other.getOutputStream();
      request.write(("GET /WW/vnfs?hwaddr=" + HWADDR + " HTTP/1.1\r\nHost: master\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      request.flush();
      InputStream response = other.getInputStream();
      byte[] status = response.readNBytes(12);
      assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");

      String script = ". " + scripts.resolve("functions") + "; . " + scripts.resolve("transport-http") + ";"
          + " WWMASTER=127.0.0.1 WWPORT=" + server.address().getPort() + " WWRETRIES=1;"
          + " ww_get '/WW/vnfs?hwaddr=" + HWADDR + "' " + root.resolve("fetched") + "; echo rc=$?";
      ProcessBuilder builder = new ProcessBuilder(BUSYBOX.toString(), "sh", "-c", script).redirectErrorStream(true);
      builder.environment().put("PATH", scripts.resolve("bin").toString());
      Process node = builder.start();

      Thread.sleep(3000);
      response.transferTo(OutputStream.nullOutputStream());
      other.close();
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(output).contains("the master is busy (http://127.0.0.1:" + server.address().getPort()
              + "/WW/vnfs?hwaddr=" + HWADDR + ": HTTP/1.1 503 Service Unavailable); asking again for /WW/vnfs?hwaddr="
              + HWADDR + " in 2s, as it asked")
          .endsWith("rc=0\n");
      assertThat(Files.readAllBytes(root.resolve("fetched"))).isEqualTo(capsule);
    }
  }
}

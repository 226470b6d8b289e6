package dev.ww.cli.wwsh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.cli.Prerequisites;
import dev.ww.cli.wwsh.WwshRunner.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ww.bootstrap.internal.NodeScripts;
import dev.ww.core.Layout;
import dev.ww.core.event.EventHandlers;
import dev.ww.datastore.Datastore;
import dev.ww.provision.BootReportLog;
import dev.ww.provision.DatastoreCatalog;
import dev.ww.provision.ProvisionServer;
import dev.ww.provision.ServerSettings;
import dev.ww.provision.StoredBootReports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot reports from the bootstrap's own {@code ww_report} (busybox sh and wget) reach the real
 * provisioning server over the embedded datastore, are stored there, and {@code wwsh node
 * status} shows them from another process's view of the store.
 */
class NodeStatusIT {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path root;
  private Map<String, String> environment;
  private Path scripts;

  @BeforeEach
  void setUp() throws Exception {
    Prerequisites.require(Files.isExecutable(BUSYBOX), "/bin/busybox (busybox-static)");
    environment = WwshRunner.environmentUnder(root);
    ok("node", "new", "n0001", "--hwaddr", "52:54:00:00:00:01", "--ipaddr", "127.0.0.1", "--netmask", "255.0.0.0");
    ok("node", "new", "n0002", "--hwaddr", "52:54:00:00:00:02", "--ipaddr", "10.99.0.12", "--netmask", "255.255.255.0");

    scripts = Files.createDirectories(root.resolve("node"));
    Files.write(scripts.resolve("functions"), NodeScripts.read("functions"));
    Files.write(scripts.resolve("transport-http"), NodeScripts.read("transport-http"));
    Path bin = Files.createDirectories(scripts.resolve("bin"));
    Files.copy(BUSYBOX, bin.resolve("busybox"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : run(List.of(BUSYBOX.toString(), "--list"), Map.of()).lines().map(String::trim).toList()) {
      if (!applet.isEmpty() && !applet.equals("busybox")) {
        Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
      }
    }
  }

  /** Runs ww_report lines as the node with this hardware address would, against the server. */
  private String node(ProvisionServer server, String hwaddr, String commands) throws Exception {
    String script = ". " + scripts.resolve("functions") + "; . " + scripts.resolve("transport-http") + "; "
        + "WWMASTER=127.0.0.1 WWPORT=" + server.address().getPort() + " WWINIT_HWADDR=" + hwaddr + "; " + commands;
    return run(List.of(BUSYBOX.toString(), "sh", "-c", script), Map.of("PATH", scripts.resolve("bin").toString()));
  }

  /** The real provisioning server on the store, on a free loopback port. */
  private ProvisionServer startServer(Datastore store) throws Exception {
    return ProvisionServer.start(
        ServerSettings.builder().build(),
        new DatastoreCatalog(store, root.resolve("cache")),
        new BootReportLog(8),
        EventHandlers.none());
  }

  @Test
  void reportsFromTheNodeScripts_areStoredAndShownByNodeStatus() throws Exception {
    Layout layout = Layout.fromEnvironment(environment);
    try (Datastore store = Datastore.open(layout);
        ProvisionServer server = startServer(store)) {
      String failed = node(server, "52:54:00:00:00:01",
          "ww_report network ok 'eth0 52:54:00:00:00:01'; ww_report config ok n0001;"
              + " ww_report getvnfs failed \"provision step 30-getvnfs failed (status 2): Capsule checksum mismatch: it's a 50% & = thing\"; echo rc=$?");
      assertThat(failed).isEqualTo("rc=0\n");

      Result status = ok("node", "status", "n0001", "n0002");
      assertThat(status.out()).containsPattern("n0001 +getvnfs +failed +\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z +getvnfs: provision step"
          + " 30-getvnfs failed \\(status 2\\): Capsule checksum mismatch: it's a 50% & = thing");
      assertThat(status.out()).containsPattern("n0002 +- +- +- +\\(no reports\\)");

      node(server, "52:54:00:00:00:01", "ww_report network ok eth0; ww_report getvnfs ok; ww_report switch-root started /sbin/init");
      Result rebooted = ok("node", "status", "n000[1-2]");
      assertThat(rebooted.out()).containsPattern("n0001 +switch-root +started +\\S+Z\\n").doesNotContain("mismatch");

      JsonNode json = new ObjectMapper().readTree(ok("node", "status", "--json", "n0001").out());
      assertThat(json.get(0).get("stage").asText()).isEqualTo("switch-root");
      assertThat(json.get(0).get("failure").isNull()).isTrue();
      assertThat(json.get(0).get("reports")).hasSize(6);
      assertThat(json.get(0).get("reports").get(2).get("message").asText()).endsWith("it's a 50% & = thing");
      assertThat(new StoredBootReports(store).reports("n0001")).hasSize(6);
    }
  }

  @Test
  void report_toAnUnreachableOrRefusingMaster_neverFailsTheNode() throws Exception {
    Layout layout = Layout.fromEnvironment(environment);
    try (Datastore store = Datastore.open(layout);
        ProvisionServer server = startServer(store)) {
      String unknown = node(server, "52:54:00:00:00:99", "ww_report network ok; echo rc=$?");
      assertThat(unknown).contains("could not report stage network (ok)").contains("403").endsWith("rc=0\n");
    }
    assertThat(ok("node", "status").out()).containsPattern("n0001 +- +- +- +\\(no reports\\)");
  }

  @Test
  void status_unknownNode_isAUserError() {
    Result result = wwsh("node", "status", "n0042");
    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("n0042").doesNotContain("\tat ");
  }

  private static String run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  private Result wwsh(String... args) {
    return WwshRunner.run(environment, args);
  }

  private Result ok(String... args) {
    return WwshRunner.ok(environment, args);
  }

}

package dev.ww.cli.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.cli.Launcher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wwprovisiond as shipped: a node made with wwsh is served by the server running in its own
 * JVM, which stops cleanly on SIGTERM.
 */
class ProvisiondIT {

  @TempDir Path root;

  private Map<String, String> env() {
    return Map.of(
        "WW_CONFIG_DIR", root.resolve("etc").toString(),
        "WW_STATE_DIR", root.resolve("state").toString(),
        "USER", "tester");
  }

  private void wwsh(String... args) {
    List<String> all = new ArrayList<>(List.of("wwsh"));
    all.addAll(List.of(args));
    StringWriter err = new StringWriter();
    int status = Launcher.run(all.toArray(String[]::new), env(), new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(status).as(String.join(" ", args) + "\n" + err).isZero();
  }

  @Test
  void servesNodesFromTheStoreAndStopsOnSigterm() throws Exception {
    wwsh("node", "new", "n0001", "--hwaddr", "52:54:00:00:00:01", "--ipaddr", "127.0.0.1");
    wwsh("object", "modify", "-s", "CLUSTER=alpha", "n0001", "-y");

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Launcher.class.getName(), "wwprovisiond", "--listen", "127.0.0.1:0"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env());
    Path log = root.resolve("wwprovisiond.log");
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    try {
      Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+); store: .*; capsule cache: .*");
      int port = -1;
      for (int i = 0; i < 300 && port < 0 && p.isAlive(); i++) {
        Matcher m = listening.matcher(Files.readString(log));
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        } else {
          Thread.sleep(100);
        }
      }
      assertThat(port).as(Files.readString(log)).isPositive();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).isEqualTo("ok\n");
      HttpResponse<String> config = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/WW/nodeconfig?hwaddr=52:54:00:00:00:01")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(config.statusCode()).isEqualTo(200);
      assertThat(config.body()).contains("WWNAME='n0001'").contains("WWCLUSTER='alpha'");
      // A change made through wwsh is served without restarting the server.
      wwsh("object", "modify", "-s", "CLUSTER=beta", "n0001", "-y");
      assertThat(http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/WW/nodeconfig?hwaddr=52:54:00:00:00:01")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).contains("WWCLUSTER='beta'");
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(output).contains("\"GET /health\" 200").contains("stopping");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void privilegedPort_setPerNodeWithWwsh_overridesTheServersFlagWithoutRestart() throws Exception {
    wwsh("node", "new", "n0001", "--hwaddr", "52:54:00:00:00:01", "--ipaddr", "127.0.0.1");
    wwsh("provision", "set", "-y", "n0001", "--privileged-port", "no");
    Path log = root.resolve("strict.log");
    Process p = start(log, "--listen", "127.0.0.1:0", "--privileged-port");
    try {
      int port = port(p, log);
      // The JDK client binds an ephemeral (unprivileged) port.
      HttpClient http = HttpClient.newHttpClient();
      URI config = URI.create("http://127.0.0.1:" + port + "/WW/nodeconfig?hwaddr=52:54:00:00:00:01");
      assertThat(http.send(HttpRequest.newBuilder(config).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .as("PRIVILEGEDPORT=no waives the server's --privileged-port").isEqualTo(200);
      wwsh("provision", "set", "-y", "n0001", "--privileged-port", "UNDEF");
      assertThat(http.send(HttpRequest.newBuilder(config).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .as("unset: the server's flag applies").isEqualTo(403);
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(log)).contains("node=n0001 asked for node config: source port")
          .contains("the server requires a source port below 1024");
    } finally {
      p.destroyForcibly();
    }
    wwsh("provision", "set", "-y", "n0001", "--privileged-port", "YES");
    log = root.resolve("plain.log");
    p = start(log, "--listen", "127.0.0.1:0");
    try {
      int port = port(p, log);
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/WW/file?hwaddr=52:54:00:00:00:01")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("PRIVILEGEDPORT=yes without the server's flag").isEqualTo(403);
      p.destroy();
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(log)).contains("this node requires a source port below 1024");
    } finally {
      p.destroyForcibly();
    }
    StringWriter err = new StringWriter();
    int status = Launcher.run(new String[] {"wwsh", "provision", "set", "-y", "n0001", "--privileged-port", "maybe"},
        env(), new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("--privileged-port must be yes, no or UNDEF").doesNotContain("\tat ");
  }

  private Process start(Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Launcher.class.getName(), "wwprovisiond"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  private static int port(Process p, Path log) throws Exception {
    Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+); store: ");
    for (int i = 0; i < 300 && p.isAlive(); i++) {
      Matcher m = listening.matcher(Files.readString(log));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("wwprovisiond did not start:\n" + Files.readString(log));
  }

  @Test
  void listeningEverywhereWithoutAdvertise_isAClearError() {
    StringWriter err = new StringWriter();
    int status = Launcher.run(new String[] {"wwprovisiond", "--listen", "0.0.0.0:0"}, env(),
        new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("--advertise").doesNotContain("\tat ");
  }

  @Test
  void badListenAddress_isAClearError() {
    StringWriter err = new StringWriter();
    int status = Launcher.run(new String[] {"wwprovisiond", "--listen", "example.com:80"}, env(),
        new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("not a host name");
  }
}

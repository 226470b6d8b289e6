package dev.ww.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.event.EventHandlers;
import dev.ww.provision.Blob;
import dev.ww.provision.BootReportLog;
import dev.ww.provision.HwAddr;
import dev.ww.provision.InMemoryCatalog;
import dev.ww.provision.NetDev;
import dev.ww.provision.ProvisionNode;
import dev.ww.provision.ProvisionServer;
import dev.ww.provision.ServerSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real provisioning server (in-memory catalog, blobs in a temp directory) on loopback and a
 * node root in a temp directory; runs the node runtime jar as a separate process.
 */
final class NodeFixture implements AutoCloseable {

  static final HwAddr HW = HwAddr.parse("52:54:00:12:34:56");
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final Path dir;
  final Path blobs;
  final Path root;
  final InMemoryCatalog catalog = new InMemoryCatalog();
  ProvisionServer server;
  private int blobCount;

  /** What a run printed and returned. */
  record Run(int exit, String out, String err) {}

  NodeFixture(Path dir) throws IOException {
    requireRootOrSkip();
    this.dir = dir;
    this.blobs = Files.createDirectories(dir.resolve("blobs"));
    this.root = Files.createDirectories(dir.resolve("node"));
  }

  static void requireRootOrSkip() {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root && !"true".equals(System.getenv("CI"))) {
      Assumptions.abort("needs root (owners other than the caller)");
    }
    assertThat(root).as("integration tests run as root").isTrue();
  }

  static ProvisionNode.Builder node() throws IOException {
    return ProvisionNode.builder("n1")
        .domain("cluster.test")
        .netdev(NetDev.of("eth0", HW, InetAddress.getByName("127.0.0.1"), InetAddress.getByName("255.0.0.0")))
        .modified(T0);
  }

  Blob blob(byte[] bytes, Instant modified) throws IOException {
    Path p = blobs.resolve("b" + (blobCount++));
    Files.write(p, bytes);
    return new Blob(p, bytes.length, sha256(bytes), modified);
  }

  Blob blob(String text, Instant modified) throws IOException {
    return blob(text.getBytes(StandardCharsets.UTF_8), modified);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  ProvisionServer start() throws IOException {
    server =
        ProvisionServer.start(
            ServerSettings.builder().retryAfter(1, 0).build(), catalog, new BootReportLog(10),
            EventHandlers.none());
    return server;
  }

  int port() {
    return server.address().getPort();
  }

  /** Writes the node's /warewulf/config naming {@code port} on loopback. */
  void config(int port) throws IOException {
    Files.createDirectories(root.resolve("warewulf"));
    Files.writeString(
        root.resolve("warewulf/config"),
        "WWMASTER='127.0.0.1'\nexport WWMASTER\nWWPORT='" + port + "'\nexport WWPORT\n"
            + "WWINIT_HWADDR='" + HW + "'\nexport WWINIT_HWADDR\nWWNODENAME='n1'\n");
  }

  static Path jar() {
    String p = System.getProperty("ww.nodeRuntimeJar");
    assertThat(p).as("system property ww.nodeRuntimeJar (set by the build)").isNotNull();
    Path jar = Path.of(p);
    assertThat(jar).exists();
    return jar;
  }

  /** Runs a tool of the jar with {@code --root} and a non-existent kernel command line. */
  Run tool(String tool, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar().toString(), tool));
    cmd.addAll(List.of(args));
    if (!tool.equals("install")) {
      cmd.addAll(List.of("--root", root.toString(), "--cmdline", dir.resolve("no-cmdline").toString()));
    }
    return exec(cmd, Map.of());
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Run exec(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Path out = Files.createTempFile("ww-out", ".txt");
    Path err = Files.createTempFile("ww-err", ".txt");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + cmd);
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}

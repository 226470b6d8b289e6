package dev.ww.provision;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A PostgreSQL 15 cluster in a temp directory on a free loopback port; {@link #stop} removes it. */
final class ThrowawayPostgres {

  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  final Path dir;
  final int port;
  private final boolean root;

  private ThrowawayPostgres(Path dir, int port, boolean root) {
    this.dir = dir;
    this.port = port;
    this.root = root;
  }

  static ThrowawayPostgres start() throws Exception {
    Prerequisites.require(BIN.resolve("initdb"), "postgresql");
    boolean root = "root".equals(System.getProperty("user.name"));
    Assumptions.assumeTrue(root || "true".equals(System.getenv("CI")), "needs root to run PostgreSQL as postgres");
    Path dir = Files.createTempDirectory("ww-provision-pg-");
    run(List.of("chown", "postgres:", dir.toString()));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ThrowawayPostgres pg = new ThrowawayPostgres(dir, port, root);
    pg.asPostgres(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
    pg.asPostgres(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("log").toString(), "-w", "-o",
        "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off", "start");
    return pg;
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  void stop() throws Exception {
    try {
      asPostgres(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } finally {
      run(List.of("rm", "-rf", dir.toString()));
    }
  }

  private void asPostgres(String... argv) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(argv));
    run(cmd);
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}

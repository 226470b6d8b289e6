package dev.ww.datastore;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for integration tests: initdb into a temporary directory,
 * listening on a free loopback port, stopped and deleted when the test JVM exits. Each test
 * gets a database of its own. Outside CI a missing PostgreSQL skips the test; in CI it fails.
 */
public final class PostgresServer {

  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static PostgresServer instance;

  private final Path directory;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  public static synchronized PostgresServer get() throws Exception {
    if (instance == null) {
      boolean present = Files.isExecutable(BIN.resolve("initdb"));
      if ("true".equals(System.getenv("CI"))) {
        if (!present) {
          throw new IllegalStateException("PostgreSQL 15 is not installed (" + BIN + "); .ci/apt-packages lists postgresql");
        }
      } else {
        assumeTrue(present, "PostgreSQL 15 is not installed");
      }
      instance = start();
    }
    return instance;
  }

  private static PostgresServer start() throws Exception {
    Path directory = Files.createTempDirectory("ww-pg-");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      run(List.of("chown", "postgres:", directory.toString()));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    run(asPostgres(root, List.of(BIN.resolve("initdb").toString(), "-D", directory.resolve("data").toString(),
        "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")));
    run(asPostgres(root, List.of(BIN.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(),
        "-l", directory.resolve("log").toString(), "-w", "-o",
        "-c listen_addresses=127.0.0.1 -p " + port + " -k " + directory + " -c max_connections=200 -c fsync=off",
        "start")));
    PostgresServer server = new PostgresServer(directory, port);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(root)));
    return server;
  }

  private void stop(boolean root) {
    try {
      run(asPostgres(root, List.of(BIN.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(),
          "-m", "immediate", "-w", "stop")));
    } catch (Exception e) {
      // best effort at exit
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }

  /** A fresh, empty database; returns its JDBC URL. */
  public String newDatabase() throws SQLException {
    String name = "ww_test_" + databases.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static List<String> asPostgres(boolean root, List<String> command) {
    List<String> full = new ArrayList<>();
    if (root) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    return full;
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }
}

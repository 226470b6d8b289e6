package dev.ww.capsule;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prerequisites of integration tests: in CI (CI=true) missing ones fail, elsewhere they skip. */
final class RealSystem {

  private RealSystem() {}

  static boolean inCi() {
    return "true".equals(System.getenv("CI"));
  }

  static void require(boolean condition, String what) {
    if (!condition) {
      if (inCi()) {
        fail("prerequisite missing in CI: " + what);
      }
      assumeTrue(false, "prerequisite missing: " + what);
    }
  }

  static void requireRoot() {
    require("root".equals(System.getProperty("user.name")), "running as root");
  }

  static void requireProgram(String program) {
    boolean found = false;
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        found = true;
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        found = true;
      }
    }
    require(found, "program " + program + " (see .ci/apt-packages)");
  }

  /** Runs a shell script; fails the test with its output when it fails. */
  static String sh(Path directory, String script) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script);
    builder.directory(directory.toFile());
    builder.redirectErrorStream(true);
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = process.waitFor();
    if (status != 0) {
      fail("script failed (" + status + "):\n" + script + "\n--- output:\n" + output);
    }
    return output;
  }
}

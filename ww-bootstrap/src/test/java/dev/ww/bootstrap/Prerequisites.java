package dev.ww.bootstrap;

import dev.ww.core.process.Command;
import dev.ww.core.process.ProcessResult;
import dev.ww.core.process.SystemProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** What an integration test needs from the machine: in CI a missing piece fails the test. */
public final class Prerequisites {

  private Prerequisites() {}

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Fails (in CI) or skips (elsewhere) when {@code ok} is false. */
  public static void require(boolean ok, String what) {
    if (ok) {
      return;
    }
    if (inCi()) {
      throw new AssertionError("missing prerequisite in CI: " + what);
    }
    Assumptions.assumeTrue(false, "missing prerequisite: " + what);
  }

  public static void requireProgram(String program, String debianPackage) {
    require(onPath(program), program + " (Debian package " + debianPackage + ")");
  }

  public static void requireRoot() {
    require("root".equals(System.getProperty("user.name")), "running as root");
  }

  public static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command, failing the test with its output when it fails. */
  public static ProcessResult run(Command command) {
    try {
      return new SystemProcessRunner().run(command);
    } catch (IOException e) {
      throw new AssertionError("could not run " + command.display() + ": " + e.getMessage(), e);
    }
  }
}

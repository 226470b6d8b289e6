package dev.ww.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code e2e/pxe-boot.sh} against the distribution this build produced: virtual nodes boot
 * from the network through dnsmasq and wwprovisiond in a private network namespace. The script
 * does the checks and the teardown; this test requires its exit status 0 and shows its output.
 */
class PxeBootIT {

  private static final long LIMIT_MINUTES = 30;

  @Test
  void pxeBoot_bios_nodesProvisionFromTheDatastoreAndBadCasesGetNothing() throws Exception {
    run("bios");
  }

  @Test
  void pxeBoot_uefi_nodeBootsIntoItsCapsule() throws Exception {
    run("uefi", "--only-positive");
  }

  private static void run(String firmware, String... options) throws Exception {
    requirePrerequisites();
    Path repository = Path.of(System.getProperty("ww.repository", "..")).toAbsolutePath().normalize();
    Path script = repository.resolve("e2e/pxe-boot.sh");
    Path logs = Files.createDirectories(Path.of(System.getProperty("ww.e2e.logs", "target/e2e")));
    Path log = logs.resolve("pxe-boot-" + firmware + ".log");
    List<String> command = new ArrayList<>(List.of(script.toString(), "--firmware", firmware));
    command.addAll(List.of(options));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("WW_BIN", bin().toString());
    Process process = builder.start();
    if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
      process.destroy(); // the script's trap tears the namespace and the virtual nodes down
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
      throw new AssertionError("e2e/pxe-boot.sh did not end within " + LIMIT_MINUTES + " minutes:\n" + tail(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    // The summary (checks and boot times) belongs in the build log.
    output.lines().filter(l -> l.startsWith("[")).forEach(System.out::println);
    assertThat(process.exitValue()).as("e2e/pxe-boot.sh exit status; its output:\n%s", output).isZero();
    assertThat(output).contains("RESULT: ");
  }

  private static Path bin() throws IOException {
    Path distribution = Path.of(System.getProperty("ww.distribution", "../ww-cli/target/ww-0.1.0-SNAPSHOT"));
    for (Path candidate : List.of(distribution.resolve("bin"), distribution.resolve(distribution.getFileName()).resolve("bin"))) {
      if (Files.isExecutable(candidate.resolve("wwsh"))) {
        return candidate.toAbsolutePath();
      }
    }
    throw new AssertionError("no built distribution under " + distribution + " (ww-cli's package phase makes it)");
  }

  private static void requirePrerequisites() throws IOException {
    String missing = null;
    if (!"root".equals(System.getProperty("user.name"))) {
      missing = "root (network namespaces, tap devices, chroots)";
    } else {
      for (String program : List.of("qemu-system-x86_64", "dnsmasq", "ip", "busybox", "debootstrap")) {
        if (!onPath(program)) {
          missing = program + " (install the packages in .ci/apt-packages)";
          break;
        }
      }
    }
    if (missing == null && !Files.isRegularFile(Path.of("/usr/share/qemu/OVMF.fd"))) {
      missing = "/usr/share/qemu/OVMF.fd (ovmf)";
    }
    if (missing == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("missing prerequisite in CI: " + missing);
    }
    Assumptions.assumeTrue(false, "missing prerequisite: " + missing);
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    return Stream.of(path.split(":"))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 120), lines.size()));
  }
}

package dev.ww.cli.chroot;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ww.cli.Launcher;
import dev.ww.cli.Prerequisites;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs the chroot tools as a user would, and checks what integration tests need. */
final class ChrootFixture {

  /** Where debootstrap keeps downloaded packages between test runs. */
  static final Path PACKAGE_CACHE = Path.of("/var/tmp/ww-test-cache");

  record Result(int status, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private final Map<String, String> environment = new HashMap<>(System.getenv());

  ChrootFixture(Path installation) {
    environment.put("WW_CONFIG_DIR", installation.resolve("etc").toString());
    environment.put("WW_STATE_DIR", installation.resolve("state").toString());
    environment.remove("DEB_MIRROR");
    environment.remove("YUM_MIRROR");
    environment.remove("INSTALL_ISO");
  }

  ChrootFixture env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  Path configDir() {
    return Path.of(environment.get("WW_CONFIG_DIR"));
  }

  Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  Result run(String tool, String... args) {
    return run(Map.of(), tool, args);
  }

  Result run(Map<String, String> extra, String tool, String... args) {
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(extra);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = tool;
    System.arraycopy(args, 0, all, 1, args.length);
    int status = Launcher.run(all, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(status, out.toString(), err.toString());
  }

  /** Writes a site template into the configuration directory. */
  void siteTemplate(String name, String yaml) throws IOException {
    Path dir = Files.createDirectories(configDir().resolve("chroot-templates"));
    Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }

  /** Mount points at or below {@code dir}, from this process's mount table. */
  static List<String> mountsUnder(Path dir) throws IOException {
    String base = dir.toAbsolutePath().normalize().toString();
    List<String> found = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
      String point = line.split(" ")[4].replace("\\040", " ");
      if (point.equals(base) || point.startsWith(base + "/")) {
        found.add(point);
      }
    }
    return found;
  }

  /** The Debian mirror this machine reaches: the first URIs: line of the apt sources. */
  static Optional<String> debianMirror() throws IOException {
    Path sources = Path.of("/etc/apt/sources.list.d");
    if (Files.isDirectory(sources)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(sources, "*.sources")) {
        List<Path> sorted = new ArrayList<>();
        files.forEach(sorted::add);
        sorted.sort(null);
        for (Path file : sorted) {
          for (String line : Files.readAllLines(file)) {
            if (line.startsWith("URIs:")) {
              return Optional.of(line.substring("URIs:".length()).trim().split("\\s+")[0]);
            }
          }
        }
      }
    }
    Path list = Path.of("/etc/apt/sources.list");
    if (Files.isRegularFile(list)) {
      for (String line : Files.readAllLines(list)) {
        String[] words = line.trim().split("\\s+");
        if (words.length >= 3 && words[0].equals("deb")) {
          return Optional.of(words[1].startsWith("[") ? words[2] : words[1]);
        }
      }
    }
    return Optional.empty();
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
  }

  static void requireRoot() throws IOException {
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    require(root, "these tests need root (mounts, debootstrap, dnf --installroot)");
  }

  static void requirePrograms(String... programs) {
    for (String program : programs) {
      require(onPath(program), "program '" + program + "' (install the packages in .ci/apt-packages)");
    }
  }

  /** Skipped on a developer's machine, failed in CI. */
  static void require(boolean condition, String what) {
    Prerequisites.require(condition, what);
  }

  /** Runs a host program and returns its output; fails the test when it fails. */
  static String sh(Path workingDirectory, String... argv) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      fail(String.join(" ", argv) + " failed:\n" + output);
    }
    return output;
  }
}

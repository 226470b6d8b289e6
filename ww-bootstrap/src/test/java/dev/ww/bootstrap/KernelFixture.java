package dev.ww.bootstrap;

import dev.ww.core.process.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Debian kernel for integration tests: {@code linux-image-amd64} resolved to the
 * versioned package it depends on, downloaded with {@code apt-get download}, unpacked with
 * {@code dpkg -x} (plus {@code firmware-linux-free} for real firmware files) into a cache
 * outside the repository that later runs reuse. Variants: the raw tree (no depmod, as the
 * package ships it), the oracle tree (depmod run), and trees with every module recompressed as
 * {@code .ko.xz} or {@code .ko.zst} (depmod run again).
 */
public final class KernelFixture {

  /** Where downloads and unpacked trees are kept between runs. */
  public static final Path CACHE = Path.of("/var/tmp/ww-test-cache/bootstrap");

  private static KernelFixture instance;

  private final String version;
  private final Path raw;

  private KernelFixture(String version, Path raw) {
    this.version = version;
    this.raw = raw;
  }

  /** The fixture, prepared on first use; fails in CI and skips elsewhere without the tools. */
  public static synchronized KernelFixture get() {
    Prerequisites.requireRoot();
    Prerequisites.requireProgram("apt-get", "apt");
    Prerequisites.requireProgram("dpkg", "dpkg");
    Prerequisites.requireProgram("depmod", "kmod");
    Prerequisites.requireProgram("modprobe", "kmod");
    if (instance == null) {
      try {
        instance = prepare();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  public String version() {
    return version;
  }

  /** The package as unpacked: no modules.dep. */
  public Path rawRoot() {
    return raw;
  }

  /** The same files with depmod's index: the oracle for resolution. */
  public synchronized Path oracleRoot() throws IOException {
    Path oracle = raw.resolveSibling("oracle");
    if (!Files.exists(oracle.resolve(".complete"))) {
      Path work = fresh(raw.resolveSibling("oracle.work"));
      Prerequisites.run(Command.of("cp", "-al", raw.toString(), work.toString()));
      depmod(work);
      finish(work, oracle);
    }
    return oracle;
  }

  /** Every module recompressed ({@code xz} or {@code zst}) and depmod run on the result. */
  public synchronized Path recompressedRoot(String format) throws IOException {
    Path target = raw.resolveSibling(format);
    if (!Files.exists(target.resolve(".complete"))) {
      Prerequisites.requireProgram(format.equals("xz") ? "xz" : "zstd", format.equals("xz") ? "xz-utils" : "zstd");
      Path work = fresh(raw.resolveSibling(format + ".work"));
      Prerequisites.run(Command.of("cp", "-al", raw.toString(), work.toString()));
      String compress = format.equals("xz") ? "xz -f --check=crc32 -0 -T1" : "zstd -q -f -1 --rm";
      Prerequisites.run(Command.builder("sh", "-c",
              "find '" + work.resolve("lib/modules/" + version) + "' -name '*.ko' -print0 | xargs -0 -P 2 -n 64 " + compress)
          .timeout(Duration.ofMinutes(20)).build());
      depmod(work);
      finish(work, target);
    }
    return target;
  }

  /**
   * The raw tree plus Debian's {@code intel-microcode} and {@code amd64-microcode} packages
   * (component non-free-firmware, which the machine's apt sources may not list: they are
   * downloaded through a private apt configuration that adds it for the same mirror).
   */
  public synchronized Path microcodeRoot() throws IOException {
    Path target = raw.resolveSibling("microcode");
    if (!Files.exists(target.resolve(".complete"))) {
      List<Path> debs = microcodeDebs();
      Path work = fresh(raw.resolveSibling("microcode.work"));
      Prerequisites.run(Command.of("cp", "-al", raw.toString(), work.toString()));
      for (Path deb : debs) {
        Prerequisites.run(Command.of("dpkg", "-x", deb.toString(), work.toString()));
      }
      finish(work, target);
    }
    return target;
  }

  /** The two microcode packages, downloaded once into the cache. */
  public static List<Path> microcodeDebs() throws IOException {
    Path debs = CACHE.resolve("debs");
    Files.createDirectories(debs);
    List<String> packages = List.of("intel-microcode", "amd64-microcode");
    if (packages.stream().anyMatch(p -> findDebUnchecked(debs, p + "_") == null)) {
      Path apt = CACHE.resolve("apt-non-free-firmware");
      Files.createDirectories(apt.resolve("sources"));
      Files.createDirectories(apt.resolve("lists/partial"));
      Files.createDirectories(apt.resolve("cache/archives/partial"));
      Files.writeString(apt.resolve("sources.list"), "");
      Files.writeString(apt.resolve("sources/non-free-firmware.sources"),
          "Types: deb\nURIs: " + mirror() + "\nSuites: " + codename() + "\nComponents: non-free-firmware\n"
              + "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n");
      List<String> options = List.of("-o", "Dir::Etc::sourcelist=" + apt.resolve("sources.list"),
          "-o", "Dir::Etc::sourceparts=" + apt.resolve("sources"), "-o", "Dir::State::Lists=" + apt.resolve("lists"),
          "-o", "Dir::Cache=" + apt.resolve("cache"));
      List<String> update = new java.util.ArrayList<>(List.of("apt-get"));
      update.addAll(options);
      update.add("update");
      Prerequisites.run(Command.builder(update).timeout(Duration.ofMinutes(5)).build());
      List<String> download = new java.util.ArrayList<>(List.of("apt-get"));
      download.addAll(options);
      download.add("download");
      download.addAll(packages);
      Prerequisites.run(Command.builder(download).workingDirectory(debs).timeout(Duration.ofMinutes(10)).build());
    }
    List<Path> found = new java.util.ArrayList<>();
    for (String p : packages) {
      Path deb = findDebUnchecked(debs, p + "_");
      if (deb == null) {
        throw new AssertionError("apt-get download left no " + p + " package in " + debs);
      }
      found.add(deb);
    }
    return found;
  }

  /** The Debian mirror the machine uses: the first URIs: (or deb) line of its apt sources. */
  private static String mirror() throws IOException {
    List<Path> files = new java.util.ArrayList<>();
    Path parts = Path.of("/etc/apt/sources.list.d");
    if (Files.isDirectory(parts)) {
      try (Stream<Path> list = Files.list(parts)) {
        list.sorted().forEach(files::add);
      }
    }
    files.add(Path.of("/etc/apt/sources.list"));
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.trim();
        if (trimmed.startsWith("URIs:") && trimmed.contains("debian") && !trimmed.contains("security")) {
          return trimmed.substring("URIs:".length()).trim().split("\\s+")[0];
        }
        if (trimmed.startsWith("deb ") && trimmed.contains("debian") && !trimmed.contains("security")) {
          return trimmed.split("\\s+")[trimmed.contains("[") ? 2 : 1];
        }
      }
    }
    throw new AssertionError("no Debian mirror in the apt sources");
  }

  private static String codename() throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
      if (line.startsWith("VERSION_CODENAME=")) {
        return line.substring("VERSION_CODENAME=".length()).replace("\"", "").trim();
      }
    }
    throw new AssertionError("/etc/os-release names no VERSION_CODENAME");
  }

  private static Path findDebUnchecked(Path dir, String prefix) {
    try {
      return findDeb(dir, prefix);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void depmod(Path root) {
    Prerequisites.run(Command.of("depmod", "-b", root.toString(), version));
  }

  private static KernelFixture prepare() throws IOException {
    Path debs = CACHE.resolve("debs");
    Files.createDirectories(debs);
    String versioned = versionedPackage();
    String version = versioned.substring("linux-image-".length());
    Path deb = findDeb(debs, versioned + "_");
    if (deb == null) {
      Prerequisites.run(Command.builder("apt-get", "download", versioned).workingDirectory(debs)
          .timeout(Duration.ofMinutes(10)).build());
      deb = findDeb(debs, versioned + "_");
    }
    Path firmwareDeb = findDeb(debs, "firmware-linux-free_");
    if (firmwareDeb == null) {
      Prerequisites.run(Command.builder("apt-get", "download", "firmware-linux-free").workingDirectory(debs)
          .timeout(Duration.ofMinutes(5)).build());
      firmwareDeb = findDeb(debs, "firmware-linux-free_");
    }
    if (deb == null || firmwareDeb == null) {
      throw new AssertionError("apt-get download left no package in " + debs);
    }
    Path raw = CACHE.resolve(version).resolve("raw");
    if (!Files.exists(raw.resolve(".complete"))) {
      Path work = fresh(CACHE.resolve(version).resolve("raw.work"));
      Prerequisites.run(Command.of("dpkg", "-x", deb.toString(), work.toString()));
      Prerequisites.run(Command.of("dpkg", "-x", firmwareDeb.toString(), work.toString()));
      finish(work, raw);
    }
    return new KernelFixture(version, raw);
  }

  /** linux-image-amd64 depends on linux-image-VERSION-amd64; that is the one to download. */
  private static String versionedPackage() {
    String output = Prerequisites.run(Command.of("apt-cache", "depends", "linux-image-amd64")).stdout();
    Matcher matcher = Pattern.compile("Depends: (linux-image-[0-9][^\\s]*-amd64)").matcher(output);
    if (!matcher.find()) {
      throw new AssertionError("apt-cache depends linux-image-amd64 names no kernel package:\n" + output);
    }
    return matcher.group(1);
  }

  private static Path findDeb(Path dir, String prefix) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".deb"))
          .max(Comparator.naturalOrder()).orElse(null);
    }
  }

  private static Path fresh(Path dir) throws IOException {
    Prerequisites.run(Command.of("rm", "-rf", dir.toString()));
    Files.createDirectories(dir.getParent());
    return dir;
  }

  private static void finish(Path work, Path target) throws IOException {
    Files.deleteIfExists(work.resolve(".complete"));
    Files.createFile(work.resolve(".complete"));
    Prerequisites.run(Command.of("rm", "-rf", target.toString()));
    Files.move(work, target);
  }

  /** The module names {@code modprobe --show-depends} loads for the given names (with softdeps). */
  public static List<String> oracleDepends(Path oracleRoot, String version, List<String> names) throws IOException {
    Path emptyConfig = Files.createTempDirectory("modprobe-conf");
    try {
      List<String> argv = new java.util.ArrayList<>(List.of("modprobe", "-a", "--show-depends", "-S", version,
          "-d", oracleRoot.toString(), "-C", emptyConfig.toString()));
      argv.addAll(names);
      String output = Prerequisites.run(Command.builder(argv).build()).stdout();
      return output.lines().map(String::trim).filter(l -> l.startsWith("insmod "))
          .map(l -> l.substring("insmod ".length()).trim().split("\\s+")[0])
          .map(p -> p.substring(p.lastIndexOf('/') + 1))
          .map(f -> f.replaceFirst("\\.ko(\\.xz|\\.zst|\\.gz)?$", "").replace('-', '_'))
          .distinct().sorted().toList();
    } finally {
      Files.deleteIfExists(emptyConfig);
    }
  }
}

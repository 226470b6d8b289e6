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

package dev.ww.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.bootstrap.internal.FirmwareSelector;
import dev.ww.bootstrap.internal.KernelModule;
import dev.ww.bootstrap.internal.ModuleIndex;
import dev.ww.bootstrap.internal.ModuleIndexLoader;
import dev.ww.bootstrap.internal.ModuleSelector;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.process.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Module and firmware resolution on a real Debian kernel package, checked against kmod's own
 * {@code modprobe --show-depends} and {@code modinfo -F firmware} on a depmod'ed copy.
 */
class ResolutionIT {

  private static final Map<String, ModuleIndex> INDEXES = new HashMap<>();

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String variant : List.of("depmod", "no-depmod", "xz", "zst")) {
      cases.add(Arguments.of(variant, "default"));
      for (String single : List.of("virtio_net", "e1000", "nvme", "ext4", "xfs")) {
        cases.add(Arguments.of(variant, single));
      }
    }
    return cases.stream();
  }

  private static synchronized Path root(KernelFixture kernel, String variant) throws IOException {
    return switch (variant) {
      case "depmod" -> kernel.oracleRoot();
      case "no-depmod" -> kernel.rawRoot();
      default -> kernel.recompressedRoot(variant);
    };
  }

  private static synchronized ModuleIndex index(KernelFixture kernel, String variant) throws IOException {
    if (!INDEXES.containsKey(variant)) {
      Path root = root(kernel, variant);
      INDEXES.put(variant, new ModuleIndexLoader(EventHandlers.none())
          .load(root, root.resolve("lib/modules/" + kernel.version())));
    }
    return INDEXES.get(variant);
  }

  private static List<String> entries(String set) {
    if (set.equals("default")) {
      BootstrapConfig defaults = BootstrapConfigs.defaults();
      List<String> all = new ArrayList<>(defaults.drivers());
      all.addAll(defaults.modprobeNames());
      return all;
    }
    return List.of(set);
  }

  /** Module names the entries name, worked out from depmod's modules.dep of the oracle. */
  private static List<String> oracleRoots(Path oracle, String version, List<String> entries) throws IOException {
    Map<String, String> pathsByName = new HashMap<>();
    for (String line : Files.readAllLines(oracle.resolve("lib/modules/" + version + "/modules.dep"), StandardCharsets.UTF_8)) {
      String path = line.substring(0, line.indexOf(':'));
      String name = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.ko.*$", "").replace('-', '_');
      pathsByName.put(name, path);
    }
    Set<String> roots = new TreeSet<>();
    for (String entry : entries) {
      if (entry.contains("/")) {
        pathsByName.forEach((name, path) -> {
          if (path.startsWith(entry)) {
            roots.add(name);
          }
        });
      } else if (pathsByName.containsKey(entry.replace('-', '_'))) {
        roots.add(entry.replace('-', '_'));
      }
    }
    return new ArrayList<>(roots);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void select_coversModprobeShowDepends_andModinfoFirmware(String variant, String set) throws Exception {
    KernelFixture kernel = KernelFixture.get();
    Path oracle = kernel.oracleRoot();
    ModuleIndex index = index(kernel, variant);
    List<String> entries = entries(set);

    ModuleSelector.Selection selection = new ModuleSelector(index).select(entries);

    List<String> roots = oracleRoots(oracle, kernel.version(), entries);
    assertThat(roots).as("the oracle finds modules for " + set).isNotEmpty();
    List<String> expected = KernelFixture.oracleDepends(oracle, kernel.version(), roots);
    assertThat(selection.modules()).as("modules for " + set + " (" + variant + ")").containsAll(expected);
    assertThat(selection.unmatched()).isEmpty();

    // Firmware: every file modinfo declares for the oracle's modules is either included or
    // reported missing, and every one that exists in the root is included.
    List<String> argv = new ArrayList<>(List.of("modinfo", "-F", "firmware", "-k", kernel.version(), "-b", oracle.toString()));
    argv.addAll(expected);
    Set<String> declared = new TreeSet<>(Prerequisites.run(Command.builder(argv).build()).stdout().lines()
        .map(String::trim).filter(l -> !l.isEmpty()).toList());
    List<FirmwareSelector.Declared> ours = new ArrayList<>();
    for (String name : selection.modules()) {
      KernelModule module = index.module(name).orElseThrow();
      ours.add(new FirmwareSelector.Declared(name, index.firmwareOf(module)));
    }
    Path root = root(kernel, variant);
    FirmwareSelector.Selection firmware = new FirmwareSelector(root.resolve("lib/firmware")).select(ours, List.of());
    Set<String> accounted = new LinkedHashSet<>();
    firmware.files().keySet().forEach(f -> accounted.add(f.replaceFirst("\\.(xz|zst)$", "")));
    firmware.missing().forEach(m -> accounted.add(m.substring(m.indexOf(": ") + 2)));
    assertThat(accounted).as("firmware for " + set).containsAll(declared);
    for (String name : declared) {
      if (Files.isRegularFile(root.resolve("lib/firmware").resolve(name))) {
        assertThat(firmware.files()).as("present firmware " + name).containsKey(name);
      }
    }
  }
}

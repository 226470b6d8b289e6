package dev.ww.bootstrap.internal;

import dev.ww.core.UserException;
import dev.ww.core.event.EventHandlers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Builds a {@link ModuleIndex} for {@code ROOT/lib/modules/KVER}: from {@code modules.dep},
 * {@code modules.softdep}, {@code modules.alias} and {@code modules.builtin} when depmod has
 * run, else by reading every module's {@code .modinfo} (as for a kernel just unpacked from a
 * package). Soft dependencies from {@code modprobe.d} files in the root are added either way.
 */
public final class ModuleIndexLoader {

  private final EventHandlers events;

  public ModuleIndexLoader(EventHandlers events) {
    this.events = events;
  }

  public ModuleIndex load(Path root, Path modulesDir) throws IOException {
    return load(root, modulesDir, modulesDir.toString());
  }

  /** As {@link #load(Path, Path)}; {@code shownAs} names the module directory in messages. */
  public ModuleIndex load(Path root, Path modulesDir, String shownAs) throws IOException {
    Set<String> builtin = readBuiltin(modulesDir);
    Map<String, SoftDeps> configured = readModprobeDirs(root);
    Path dep = modulesDir.resolve("modules.dep");
    if (Files.isRegularFile(dep)) {
      events.debug("Reading depmod's index " + dep);
      return fromDepmod(root, modulesDir, builtin, configured);
    }
    events.info(
        "No modules.dep in " + shownAs + ": computing dependencies from the modules' metadata");
    return fromModinfo(root, modulesDir, builtin, configured);
  }

  private ModuleIndex fromDepmod(
      Path root,
      Path modulesDir, Set<String> builtin, Map<String, SoftDeps> configured) throws IOException {
    Map<String, String> paths = new LinkedHashMap<>();
    Map<String, List<String>> depends = new HashMap<>();
    for (String line : lines(modulesDir.resolve("modules.dep"))) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String path = line.substring(0, colon).trim();
      if (!ModuleNames.isModuleFile(path)) {
        continue;
      }
      String name = ModuleNames.fromFileName(path);
      List<String> deps = new ArrayList<>();
      for (String dependency : line.substring(colon + 1).trim().split("\\s+")) {
        if (!dependency.isEmpty() && ModuleNames.isModuleFile(dependency)) {
          deps.add(ModuleNames.fromFileName(dependency));
        }
      }
      paths.putIfAbsent(name, path);
      depends.putIfAbsent(name, deps);
    }
    Map<String, SoftDeps> soft = new HashMap<>(configured);
    Path softdepFile = modulesDir.resolve("modules.softdep");
    if (Files.isRegularFile(softdepFile)) {
      for (String line : lines(softdepFile)) {
        mergeSoftdepLine(line, soft);
      }
    }
    Map<String, List<String>> aliases = new HashMap<>();
    Path aliasFile = modulesDir.resolve("modules.alias");
    if (Files.isRegularFile(aliasFile)) {
      for (String line : lines(aliasFile)) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 3 && parts[0].equals("alias")) {
          aliases.computeIfAbsent(ModuleNames.canonical(parts[2]), k -> new ArrayList<>()).add(parts[1]);
        }
      }
    }
    List<KernelModule> modules = new ArrayList<>();
    paths.forEach(
        (name, path) -> {
          SoftDeps softDeps = soft.getOrDefault(name, new SoftDeps(List.of(), List.of()));
          modules.add(
              new KernelModule(
                  name,
                  path,
                  depends.get(name),
                  softDeps.pre(),
                  softDeps.post(),
                  aliases.getOrDefault(name, List.of())));
        });
    return new ModuleIndex(root, modulesDir, modules, builtin, true);
  }

  private ModuleIndex fromModinfo(
      Path root,
      Path modulesDir, Set<String> builtin, Map<String, SoftDeps> configured) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(modulesDir)) {
      files =
          walk.filter(p -> ModuleNames.isModuleFile(p.getFileName().toString()))
              .filter(p -> Files.isRegularFile(ModuleIndex.fileIn(root, p)))
              .sorted(ModuleIndexLoader::preferUpdates)
              .toList();
    }
    List<KernelModule> modules;
    try {
      modules =
          files.parallelStream().map(file -> fromFile(root, modulesDir, file, configured)).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    events.debug("Read the metadata of " + modules.size() + " modules");
    return new ModuleIndex(root, modulesDir, modules, builtin, false);
  }

  /** depmod's priority: {@code updates/} before everything else; otherwise by path. */
  private static int preferUpdates(Path a, Path b) {
    boolean aUpdate = a.toString().contains("/updates/");
    boolean bUpdate = b.toString().contains("/updates/");
    if (aUpdate != bUpdate) {
      return aUpdate ? -1 : 1;
    }
    return a.toString().compareTo(b.toString());
  }

  private static KernelModule fromFile(
      Path root, Path modulesDir, Path file, Map<String, SoftDeps> configured) {
    String relative = modulesDir.relativize(file).toString();
    List<String> info;
    try {
      info = ElfModinfo.modinfo(ModuleFiles.readUncompressed(ModuleIndex.fileIn(root, file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new UserException("Module " + file + " is not a valid kernel module: " + e.getMessage(), e);
    }
    String name =
        ModuleNames.canonical(
            ElfModinfo.value(info, "name").orElse(ModuleNames.fromFileName(relative)));
    List<String> depends = new ArrayList<>();
    for (String value : ElfModinfo.values(info, "depends")) {
      for (String dependency : value.split(",")) {
        if (!dependency.isBlank()) {
          depends.add(ModuleNames.canonical(dependency.trim()));
        }
      }
    }
    SoftDeps soft = new SoftDeps(List.of(), List.of());
    for (String value : ElfModinfo.values(info, "softdep")) {
      soft = soft.plus(SoftDeps.parse(value));
    }
    SoftDeps fromConfig = configured.get(name);
    if (fromConfig != null) {
      soft = soft.plus(fromConfig);
    }
    return new KernelModule(
        name, relative, depends, soft.pre(), soft.post(), ElfModinfo.values(info, "alias"));
  }

  private static Set<String> readBuiltin(Path modulesDir) throws IOException {
    Set<String> names = new TreeSet<>();
    Path file = modulesDir.resolve("modules.builtin");
    if (Files.isRegularFile(file)) {
      for (String line : lines(file)) {
        String trimmed = line.trim();
        if (ModuleNames.isModuleFile(trimmed)) {
          names.add(ModuleNames.fromFileName(trimmed));
        }
      }
    }
    return names;
  }

  /** {@code softdep} lines of {@code lib/modprobe.d} and {@code etc/modprobe.d} in the root. */
  private static Map<String, SoftDeps> readModprobeDirs(Path root) throws IOException {
    Map<String, SoftDeps> soft = new HashMap<>();
    for (String dir : List.of("lib/modprobe.d", "usr/lib/modprobe.d", "etc/modprobe.d")) {
      Path directory = root.resolve(dir);
      if (!Files.isDirectory(directory)) {
        continue;
      }
      List<Path> confs;
      try (Stream<Path> list = Files.list(directory)) {
        confs = list.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
      }
      for (Path conf : confs) {
        if (Files.isRegularFile(conf)) {
          for (String line : lines(conf)) {
            mergeSoftdepLine(line, soft);
          }
        }
      }
    }
    return soft;
  }

  private static void mergeSoftdepLine(String line, Map<String, SoftDeps> soft) {
    String trimmed = line.trim();
    if (!trimmed.startsWith("softdep ")) {
      return;
    }
    String[] parts = trimmed.split("\\s+", 3);
    if (parts.length < 3) {
      return;
    }
    String name = ModuleNames.canonical(parts[1]);
    SoftDeps parsed = SoftDeps.parse(parts[2]);
    soft.merge(name, parsed, SoftDeps::plus);
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
  }
}

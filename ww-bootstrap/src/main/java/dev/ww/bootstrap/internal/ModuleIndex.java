package dev.ww.bootstrap.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every module of one kernel with its dependencies, soft dependencies and aliases, plus the
 * names built into the kernel. Built from depmod's files when they exist, otherwise from the
 * modules' own {@code .modinfo} sections (see {@link ModuleIndexLoader}).
 */
public final class ModuleIndex {

  private final Path root;
  private final Path modulesDir;
  private final Map<String, KernelModule> modules;
  private final Set<String> builtin;
  private final boolean fromDepmod;

  public ModuleIndex(
      Path modulesDir, Collection<KernelModule> modules, Set<String> builtin, boolean fromDepmod) {
    this(null, modulesDir, modules, builtin, fromDepmod);
  }

  /**
   * @param root the root the modules directory is in; module files that are symlinks are
   *     followed as inside that root (null: as on the host)
   */
  public ModuleIndex(
      Path root, Path modulesDir, Collection<KernelModule> modules, Set<String> builtin, boolean fromDepmod) {
    this.root = root;
    this.modulesDir = modulesDir;
    Map<String, KernelModule> byName = new TreeMap<>();
    for (KernelModule module : modules) {
      byName.putIfAbsent(module.name(), module);
    }
    this.modules = Collections.unmodifiableMap(byName);
    this.builtin = Collections.unmodifiableSet(new TreeSet<>(builtin));
    this.fromDepmod = fromDepmod;
  }

  /** {@code ROOT/lib/modules/KVER}. */
  public Path modulesDir() {
    return modulesDir;
  }

  public Optional<KernelModule> module(String name) {
    return Optional.ofNullable(modules.get(ModuleNames.canonical(name)));
  }

  /** Every loadable module, by name. */
  public Collection<KernelModule> modules() {
    return modules.values();
  }

  public boolean isBuiltin(String name) {
    return builtin.contains(ModuleNames.canonical(name));
  }

  public Set<String> builtin() {
    return builtin;
  }

  /** True when the index came from depmod's files, false when it was computed from modinfo. */
  public boolean fromDepmod() {
    return fromDepmod;
  }

  /**
   * The modules one of whose alias patterns matches {@code name}, the way modprobe resolves a
   * name that is not a module (soft dependencies often name an alias such as {@code crc32c}).
   */
  public List<KernelModule> modulesByAlias(String name) {
    // kmod compares aliases with '-' and '_' treated alike, on both sides.
    String wanted = ModuleNames.canonical(name);
    List<KernelModule> result = new java.util.ArrayList<>();
    for (KernelModule module : modules.values()) {
      for (String alias : module.aliases()) {
        if (Globs.matches(ModuleNames.canonical(alias), wanted)) {
          result.add(module);
          break;
        }
      }
    }
    return result;
  }

  /** The host file holding a module; a symlink is followed as inside the root. */
  public Path fileOf(KernelModule module) {
    return fileIn(root, modulesDir.resolve(module.path()));
  }

  /** {@code file} (under {@code root}) with symlinks resolved as if {@code root} were {@code /}. */
  static Path fileIn(Path root, Path file) {
    if (root == null || !file.startsWith(root)) {
      return file;
    }
    return dev.ww.core.os.ComponentWalkResolver.resolve(
        root, root.relativize(file).toString(), dev.ww.core.os.Confinement.IN_ROOT, true);
  }

  /** The {@code firmware=} entries of a module, read from the module file itself. */
  public List<String> firmwareOf(KernelModule module) throws IOException {
    byte[] bytes = ModuleFiles.readUncompressed(fileOf(module));
    return ElfModinfo.values(ElfModinfo.modinfo(bytes), "firmware");
  }
}

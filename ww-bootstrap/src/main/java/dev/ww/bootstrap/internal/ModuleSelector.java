package dev.ww.bootstrap.internal;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the configured driver entries into a set of modules and closes it over dependencies
 * and soft dependencies.
 *
 * <p>An entry is a module name ({@code virtio_net}, {@code e1000-e}), a glob over names
 * ({@code nls_*}), or, when it contains a slash, a path prefix relative to the modules
 * directory ({@code kernel/drivers/net/}) that takes every module below it.
 */
public final class ModuleSelector {

  /** What the entries selected. */
  public record Selection(
      Set<String> modules, Set<String> builtin, List<String> unmatched, List<String> missingDependencies) {
    public Selection {
      modules = Set.copyOf(new TreeSet<>(modules));
      builtin = Set.copyOf(builtin);
      unmatched = List.copyOf(unmatched);
      missingDependencies = List.copyOf(missingDependencies);
    }
  }

  private final ModuleIndex index;

  public ModuleSelector(ModuleIndex index) {
    this.index = index;
  }

  /** Selects the modules the entries name, plus everything they depend on. */
  public Selection select(List<String> entries) {
    Set<String> roots = new TreeSet<>();
    Set<String> builtin = new TreeSet<>();
    List<String> unmatched = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int before = roots.size();
      boolean builtinMatch = false;
      if (entry.contains("/")) {
        String prefix = entry.startsWith("/") ? entry.substring(1) : entry;
        for (KernelModule module : index.modules()) {
          if (module.path().startsWith(prefix)) {
            roots.add(module.name());
          }
        }
      } else if (isGlob(entry)) {
        PathMatcher matcher =
            FileSystems.getDefault().getPathMatcher("glob:" + ModuleNames.canonical(entry));
        for (KernelModule module : index.modules()) {
          if (matcher.matches(Path.of(module.name()))) {
            roots.add(module.name());
          }
        }
        for (String name : index.builtin()) {
          if (matcher.matches(Path.of(name))) {
            builtin.add(name);
            builtinMatch = true;
          }
        }
      } else {
        String name = ModuleNames.canonical(entry);
        if (index.module(name).isPresent()) {
          roots.add(name);
        } else if (index.isBuiltin(name)) {
          builtin.add(name);
          builtinMatch = true;
        }
      }
      if (roots.size() == before && !builtinMatch && !containsMatch(entry, roots)) {
        unmatched.add(entry);
      }
    }
    List<String> missing = new ArrayList<>();
    Set<String> closed = close(roots, missing);
    return new Selection(closed, builtin, unmatched, missing);
  }

  /** An entry that matched only modules already selected by an earlier entry still matched. */
  private boolean containsMatch(String entry, Set<String> roots) {
    if (entry.contains("/")) {
      String prefix = entry.startsWith("/") ? entry.substring(1) : entry;
      return index.modules().stream().anyMatch(m -> m.path().startsWith(prefix));
    }
    if (isGlob(entry)) {
      PathMatcher matcher =
          FileSystems.getDefault().getPathMatcher("glob:" + ModuleNames.canonical(entry));
      return roots.stream().anyMatch(name -> matcher.matches(Path.of(name)));
    }
    return roots.contains(ModuleNames.canonical(entry));
  }

  private Set<String> close(Set<String> roots, List<String> missing) {
    Set<String> result = new TreeSet<>();
    Deque<String> work = new ArrayDeque<>(roots);
    while (!work.isEmpty()) {
      String name = work.removeFirst();
      if (!result.add(name)) {
        continue;
      }
      KernelModule module = index.module(name).orElseThrow();
      List<String> wanted = new ArrayList<>(module.depends());
      wanted.addAll(module.softPre());
      wanted.addAll(module.softPost());
      for (String dependency : wanted) {
        if (index.module(dependency).isPresent()) {
          if (!result.contains(dependency)) {
            work.addLast(index.module(dependency).get().name());
          }
        } else if (index.isBuiltin(dependency)) {
          continue;
        } else if (module.depends().contains(dependency)) {
          missing.add(name + " -> " + dependency);
        } else {
          // A soft dependency may name an alias (crc32c): take every module providing it.
          for (KernelModule provider : index.modulesByAlias(dependency)) {
            if (!result.contains(provider.name())) {
              work.addLast(provider.name());
            }
          }
        }
      }
    }
    return result;
  }

  static boolean isGlob(String entry) {
    return entry.indexOf('*') >= 0 || entry.indexOf('?') >= 0 || entry.indexOf('[') >= 0;
  }
}

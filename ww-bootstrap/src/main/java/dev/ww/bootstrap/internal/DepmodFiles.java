package dev.ww.bootstrap.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes {@code modules.dep}, {@code modules.alias}, {@code modules.softdep} and {@code
 * modules.builtin} for exactly the modules in an initramfs, with the uncompressed paths they
 * have there, so that busybox {@code modprobe} resolves dependencies on the node.
 */
public final class DepmodFiles {

  private final ModuleIndex index;
  private final Set<String> included;

  public DepmodFiles(ModuleIndex index, Collection<String> included) {
    this.index = index;
    this.included = new TreeSet<>(included);
  }

  /**
   * One line per module: its path, then every module it needs, transitively, ordered as depmod
   * writes it.
   */
  public String modulesDep() {
    StringBuilder text = new StringBuilder();
    for (String name : included) {
      KernelModule module = index.module(name).orElseThrow();
      text.append(module.uncompressedPath()).append(':');
      for (String dependency : transitiveDepends(module)) {
        text.append(' ').append(index.module(dependency).orElseThrow().uncompressedPath());
      }
      text.append('\n');
    }
    return text.toString();
  }

  public String modulesAlias() {
    List<String> lines = new ArrayList<>();
    for (String name : included) {
      for (String alias : index.module(name).orElseThrow().aliases()) {
        lines.add("alias " + alias + " " + name);
      }
    }
    lines.sort(null);
    return join(lines);
  }

  public String modulesSoftdep() {
    StringBuilder text = new StringBuilder();
    for (String name : included) {
      KernelModule module = index.module(name).orElseThrow();
      if (module.softPre().isEmpty() && module.softPost().isEmpty()) {
        continue;
      }
      text.append("softdep ").append(name);
      if (!module.softPre().isEmpty()) {
        text.append(" pre: ").append(String.join(" ", module.softPre()));
      }
      if (!module.softPost().isEmpty()) {
        text.append(" post: ").append(String.join(" ", module.softPost()));
      }
      text.append('\n');
    }
    return text.toString();
  }

  /**
   * Every dependency, ordered so that loading from the end of the list towards its start loads
   * each module after the modules it needs (busybox and kmod both load in that order).
   */
  private List<String> transitiveDepends(KernelModule module) {
    List<String> loadOrder = new ArrayList<>();
    Set<String> visited = new LinkedHashSet<>();
    for (String dependency : module.depends()) {
      visit(dependency, visited, loadOrder);
    }
    loadOrder.remove(module.name());
    List<String> reversed = new ArrayList<>(loadOrder);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  private void visit(String name, Set<String> visited, List<String> loadOrder) {
    if (!included.contains(name) || !visited.add(name)) {
      return;
    }
    for (String dependency : index.module(name).orElseThrow().depends()) {
      visit(dependency, visited, loadOrder);
    }
    loadOrder.add(name);
  }

  private static String join(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }
}

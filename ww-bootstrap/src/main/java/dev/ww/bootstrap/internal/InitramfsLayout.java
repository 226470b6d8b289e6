package dev.ww.bootstrap.internal;

import dev.ww.bootstrap.BootstrapConfig;
import dev.ww.bootstrap.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What the initramfs holds and where: the tree the archive is written from. */
public final class InitramfsLayout {

  private static final String[] DIRECTORIES = {
    "bin", "sbin", "usr/bin", "usr/sbin", "dev", "proc", "sys", "run", "newroot", "etc", "var/log",
    "lib/firmware", "warewulf/provision", "warewulf/transports"
  };

  /** Where the node runtime jar goes; {@code 60-runtimesupport} looks for it there. */
  public static final String RUNTIME_JAR = "warewulf/lib/ww-node-runtime.jar";

  private InitramfsLayout() {}

  public static ArchiveTree build(
      String kernelVersion,
      ModuleIndex index,
      Set<String> modules,
      Map<String, Path> firmware,
      Path busybox,
      java.util.Optional<Path> runtimeJar,
      BootstrapConfig config)
      throws IOException {
    ArchiveTree tree = new ArchiveTree();
    for (String directory : DIRECTORIES) {
      tree.directory(directory, 0755);
    }
    tree.directory("tmp", 01777);
    tree.charDevice("dev/console", 0600, 5, 1);
    tree.charDevice("dev/null", 0666, 1, 3);
    tree.file("bin/busybox", 0755, ArchiveTree.Content.file(busybox));
    tree.symlink("bin/sh", "busybox");

    for (NodeScripts.Script script : NodeScripts.forCapabilities(config.capabilities())) {
      tree.file(script.path(), script.permissions(), ArchiveTree.Content.of(NodeScripts.read(script)));
    }
    if (runtimeJar.isPresent()) {
      tree.directory("warewulf/lib", 0755);
      tree.file(RUNTIME_JAR, 0644, ArchiveTree.Content.file(runtimeJar.get()));
    }
    tree.file(
        "etc/ww/capabilities",
        0644,
        ArchiveTree.Content.of(
            config.capabilities().stream().map(Capability::configName).collect(Collectors.joining("\n", "", "\n"))));
    StringBuilder modprobe = new StringBuilder("# Modules loaded at boot, in order: name [options]\n");
    config.modprobe().forEach(line -> modprobe.append(line.trim()).append('\n'));
    tree.file("etc/wwmodprobe", 0644, ArchiveTree.Content.of(modprobe.toString()));

    String moduleDir = "lib/modules/" + kernelVersion;
    tree.directory(moduleDir, 0755);
    for (String name : modules) {
      KernelModule module = index.module(name).orElseThrow();
      Path source = index.fileOf(module);
      tree.file(moduleDir + "/" + module.uncompressedPath(), 0644, () -> ModuleFiles.readUncompressed(source));
    }
    DepmodFiles depmod = new DepmodFiles(index, modules);
    tree.file(moduleDir + "/modules.dep", 0644, ArchiveTree.Content.of(depmod.modulesDep()));
    tree.file(moduleDir + "/modules.alias", 0644, ArchiveTree.Content.of(depmod.modulesAlias()));
    tree.file(moduleDir + "/modules.softdep", 0644, ArchiveTree.Content.of(depmod.modulesSoftdep()));
    for (String copied : new String[] {"modules.builtin", "modules.order"}) {
      Path file = index.modulesDir().resolve(copied);
      if (Files.isRegularFile(file)) {
        tree.file(moduleDir + "/" + copied, 0644, ArchiveTree.Content.file(file));
      }
    }

    for (Map.Entry<String, Path> item : firmware.entrySet()) {
      tree.file("lib/firmware/" + item.getKey(), 0644, ArchiveTree.Content.file(item.getValue()));
    }
    return tree;
  }
}

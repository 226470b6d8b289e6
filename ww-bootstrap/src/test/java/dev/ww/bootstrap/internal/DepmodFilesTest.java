package dev.ww.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DepmodFilesTest {

  private static KernelModule module(String name, String path, List<String> depends, List<String> aliases) {
    return new KernelModule(name, path, depends, List.of(), List.of(), aliases);
  }

  @Test
  void modulesDep_listsDependenciesSoThatLoadingFromTheEndWorks() {
    // a needs x and y; y needs x: x must be loaded before y, so x comes last.
    ModuleIndex index = new ModuleIndex(Path.of("/m"), List.of(
        module("a", "kernel/a.ko.xz", List.of("x", "y"), List.of()),
        module("x", "kernel/x.ko", List.of(), List.of()),
        module("y", "kernel/y.ko.zst", List.of("x"), List.of("pci:v1*"))), Set.of(), true);

    DepmodFiles files = new DepmodFiles(index, List.of("a", "x", "y"));

    assertThat(files.modulesDep()).isEqualTo(
        "kernel/a.ko: kernel/y.ko kernel/x.ko\nkernel/x.ko:\nkernel/y.ko: kernel/x.ko\n");
    assertThat(files.modulesAlias()).isEqualTo("alias pci:v1* y\n");
  }

  @Test
  void modulesDep_onlyNamesIncludedModules() {
    ModuleIndex index = new ModuleIndex(Path.of("/m"), List.of(
        module("a", "kernel/a.ko", List.of("x"), List.of()),
        module("x", "kernel/x.ko", List.of(), List.of())), Set.of(), true);

    assertThat(new DepmodFiles(index, List.of("x")).modulesDep()).isEqualTo("kernel/x.ko:\n");
  }

  @Test
  void modulesSoftdep_writesPreAndPost() {
    ModuleIndex index = new ModuleIndex(Path.of("/m"), List.of(
        new KernelModule("a", "kernel/a.ko", List.of(), List.of("p"), List.of("q", "r"), List.of())), Set.of(), true);

    assertThat(new DepmodFiles(index, List.of("a")).modulesSoftdep()).isEqualTo("softdep a pre: p post: q r\n");
  }
}

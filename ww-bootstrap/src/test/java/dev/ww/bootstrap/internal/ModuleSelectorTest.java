package dev.ww.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.bootstrap.TestKernelTree;
import dev.ww.core.event.EventHandlers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleSelectorTest {

  @TempDir Path temp;
  private ModuleSelector selector;

  @BeforeEach
  void setUp() throws Exception {
    TestKernelTree tree = TestKernelTree.standard(temp);
    selector = new ModuleSelector(new ModuleIndexLoader(EventHandlers.none()).load(tree.root(), tree.modulesDir()));
  }

  @Test
  void select_name_followsDependenciesTransitively() {
    ModuleSelector.Selection selection = selector.select(List.of("virtio-net"));

    assertThat(selection.modules()).containsExactlyInAnyOrder("virtio_net", "net_failover", "failover", "virtio_ring");
    assertThat(selection.unmatched()).isEmpty();
  }

  @Test
  void select_followsPreAndPostSoftDependencies() {
    assertThat(selector.select(List.of("myfs")).modules())
        .containsExactlyInAnyOrder("myfs", "crc32c_generic", "nls_ascii");
  }

  @Test
  void select_softDependencyNamingAnAlias_takesEveryProvider() {
    assertThat(selector.select(List.of("libcrc32c")).modules())
        .containsExactlyInAnyOrder("libcrc32c", "crc32c_generic", "crc32c_intel");
  }

  @Test
  void select_directoryPrefix_takesEveryModuleBelowIt() {
    assertThat(selector.select(List.of("kernel/drivers/virtio/")).modules())
        .containsExactlyInAnyOrder("virtio_pci", "virtio_ring");
  }

  @Test
  void select_glob_matchesNames() {
    assertThat(selector.select(List.of("nls_*")).modules()).containsExactlyInAnyOrder("nls_ascii", "nls_cp437");
  }

  @Test
  void select_builtinName_isMatchedButNotIncluded() {
    ModuleSelector.Selection selection = selector.select(List.of("ext4"));

    assertThat(selection.modules()).isEmpty();
    assertThat(selection.builtin()).containsExactly("ext4");
    assertThat(selection.unmatched()).isEmpty();
  }

  @Test
  void select_entriesMatchingNothing_areReported() {
    ModuleSelector.Selection selection =
        selector.select(List.of("no_such_driver", "kernel/drivers/gpu/", "zz*", "e1000"));

    assertThat(selection.unmatched()).containsExactly("no_such_driver", "kernel/drivers/gpu/", "zz*");
    assertThat(selection.modules()).containsExactly("e1000");
  }

  @Test
  void select_entryAlreadyCoveredByAnEarlierOne_isNotUnmatched() {
    assertThat(selector.select(List.of("kernel/drivers/virtio/", "virtio_pci")).unmatched()).isEmpty();
  }
}

package dev.ww.core.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeLinuxOsTest {

  @TempDir Path dir;

  @Test
  void mountsAreTrackedUntilUnmounted() throws IOException {
    FakeLinuxOs os = new FakeLinuxOs();
    Path proc = Files.createDirectories(dir.resolve("proc"));

    os.mount("proc", proc, "proc", java.util.Set.of(), null);
    assertThat(os.mounts()).extracting(FakeLinuxOs.Mount::target).containsExactly(proc);

    os.unmount(proc, false);
    assertThat(os.mounts()).isEmpty();
    assertThatThrownBy(() -> os.unmount(proc, true))
        .isInstanceOf(OsException.class)
        .hasMessageContaining("EINVAL");
  }

  @Test
  void xattrsBehaveLikeTheKernelCalls() throws IOException {
    FakeLinuxOs os = new FakeLinuxOs();
    Path file = Files.writeString(dir.resolve("f"), "");

    os.setXattr(file, "user.a", new byte[] {1});
    assertThat(os.getXattr(file, "user.a")).hasValueSatisfying(v -> assertThat(v).containsExactly(1));
    assertThat(os.listXattrs(file)).containsExactly("user.a");
    os.removeXattr(file, "user.a");
    assertThat(os.getXattr(file, "user.a")).isEmpty();
    assertThatThrownBy(() -> os.removeXattr(file, "user.a")).hasMessageContaining("ENODATA");
  }

  @Test
  void mknodLeavesAPlaceholderAndRemembersTheDevice() {
    FakeLinuxOs os = new FakeLinuxOs();
    Path node = dir.resolve("null");

    os.mknod(node, NodeType.CHARACTER_DEVICE, 0666, 1, 3);

    assertThat(node).exists();
    assertThat(os.node(node)).contains(new FakeLinuxOs.Node(NodeType.CHARACTER_DEVICE, 0666, 1, 3));
    assertThatThrownBy(() -> os.mknod(node, NodeType.FIFO, 0600, 0, 0)).hasMessageContaining("EEXIST");
  }
}

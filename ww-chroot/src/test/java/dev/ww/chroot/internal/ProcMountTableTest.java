package dev.ww.chroot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcMountTableTest {

  @TempDir Path dir;

  @Test
  void mountsUnder_listsMountsBelowTheDirectoryDeepestFirstWithEscapesUndone() throws Exception {
    Path info = dir.resolve("mountinfo");
    Files.writeString(info, String.join("\n",
        "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
        "30 22 0:5 / /srv/root/proc rw - proc proc rw",
        "31 22 0:6 / /srv/root/dev rw - devtmpfs udev rw",
        "32 31 0:7 / /srv/root/dev/pts rw - devpts devpts rw",
        "33 22 0:8 / /srv/root2/proc rw - proc proc rw",
        "34 22 0:9 / /srv/my\\040root/proc rw - proc proc rw",
        ""));
    ProcMountTable table = new ProcMountTable(info);

    assertThat(table.mountsUnder(Path.of("/srv/root")))
        .containsExactly(Path.of("/srv/root/dev/pts"), Path.of("/srv/root/dev"), Path.of("/srv/root/proc"));
    assertThat(table.mountsUnder(Path.of("/srv/my root"))).containsExactly(Path.of("/srv/my root/proc"));
    assertThat(table.mountsUnder(Path.of("/elsewhere"))).isEmpty();
  }

  @Test
  void realMountTable_isReadable() throws Exception {
    assertThat(new ProcMountTable().mountsUnder(Path.of("/"))).isNotEmpty();
  }
}

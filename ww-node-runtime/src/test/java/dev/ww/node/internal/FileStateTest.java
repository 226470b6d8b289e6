package dev.ww.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateTest {

  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @TempDir Path dir;

  static FileListEntry entry(String id, char type, int mode, String path) {
    return new FileListEntry(id, id, 12, 34, type, mode, 5, SHA, path);
  }

  @Test
  void saveLoad_roundTrips_pathsWithSpacesAndNewlines_privateFile() throws Exception {
    FileState s = FileState.empty();
    s.placed("f1", FileState.Placed.of(entry("f1", '-', 0644, "/etc/my file\nx"), SHA));
    s.placed("c1", FileState.Placed.of(entry("c1", 'c', 0620, "/dev/tty9"), "4:9"));
    s.placed("d1", FileState.Placed.of(entry("d1", 'd', 02750, "/srv/d"), "-"));
    assertThat(s.changed()).isTrue();
    Path file = dir.resolve("state/wwgetfiles.state");
    s.save(file);
    assertThat(s.changed()).isFalse();
    assertThat(Files.getAttribute(file, "unix:mode")).isEqualTo(0100600);
    assertThat(Files.readString(file)).contains("placed f1 -0644 12 34 " + SHA + " " + SHA + " /etc/my%20file%0Ax\n")
        .contains("placed d1 d2750 12 34 ");

    FileState back = FileState.load(file);
    assertThat(back.ids()).containsExactlyInAnyOrder("f1", "c1", "d1");
    assertThat(back.get("f1").path()).isEqualTo("/etc/my file\nx");
    assertThat(back.get("c1").check()).isEqualTo("4:9");
    assertThat(back.get("d1").mode()).isEqualTo(02750);
    assertThat(back.get("f1").listedAs(entry("f1", '-', 0644, "/etc/my file\nx"))).isTrue();
    assertThat(back.get("f1").listedAs(entry("f1", '-', 0600, "/etc/my file\nx"))).isFalse();
    assertThat(back.changed()).isFalse();
  }

  @Test
  void placedSame_isNoChange_forget_isAChange() {
    FileState s = FileState.empty();
    FileState.Placed p = FileState.Placed.of(entry("f1", '-', 0644, "/etc/a"), SHA);
    s.placed("f1", p);
    FileState loaded = FileState.empty();
    loaded.placed("f1", p);
    assertThat(loaded.changed()).isTrue();
    s.forget("nothing");
    s.forget("f1");
    assertThat(s.ids()).isEmpty();
  }

  @Test
  void load_missingOlderOrCorrupt_isEmpty() throws Exception {
    assertThat(FileState.load(dir.resolve("none")).ids()).isEmpty();
    Path old = dir.resolve("old");
    Files.writeString(old, "timestamp 1767225600\nfile f1 " + SHA + "\n");
    assertThat(FileState.load(old).ids()).isEmpty();
    Path bad = dir.resolve("bad");
    Files.writeString(bad, "placed f1 -0644 0 0 " + SHA + " " + SHA + " etc/relative\n");
    assertThat(FileState.load(bad).ids()).isEmpty();
  }
}

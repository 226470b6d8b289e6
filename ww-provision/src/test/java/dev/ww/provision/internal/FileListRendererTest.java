package dev.ww.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.provision.NodeFile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileListRendererTest {

  static ServedFile file(String id, String path, long mtime) {
    NodeFile f = new NodeFile(id, "my file", path, 0, 5, 0640, NodeFile.Kind.REGULAR, "data",
        Instant.ofEpochSecond(mtime), Optional.empty());
    return new ServedFile(f, f.modified(), "ab12", Optional.of(new byte[0]), Optional.empty());
  }

  @Test
  void render_encodesSpacesAndSortsByChangeTime() {
    String out = FileListRenderer.render(List.of(file("b", "/etc/with space\nnl", 20), file("a", "/etc/x", 10)), -1);
    assertThat(out).isEqualTo("a my%20file 0 5 -0640 10 ab12 /etc/x\n"
        + "b my%20file 0 5 -0640 20 ab12 /etc/with%20space%0Anl\n");
  }

  @Test
  void render_devicesAndFifos_haveTheirTypeLetters() {
    NodeFile chr = NodeFile.special("null", "/dev/null", 0, 0, 0666, NodeFile.Kind.CHARACTER_DEVICE, Instant.ofEpochSecond(5), 1, 3);
    NodeFile blk = NodeFile.special("sda", "/dev/sda", 0, 6, 0660, NodeFile.Kind.BLOCK_DEVICE, Instant.ofEpochSecond(6), 8, 0);
    NodeFile fifo = NodeFile.special("ctl", "/run/ctl", 0, 0, 0600, NodeFile.Kind.FIFO, Instant.ofEpochSecond(7), 0, 0);
    String out = FileListRenderer.render(List.of(
        new ServedFile(chr, chr.modified(), "e1", Optional.of(chr.deviceNumbers()), Optional.empty()),
        new ServedFile(blk, blk.modified(), "e2", Optional.of(blk.deviceNumbers()), Optional.empty()),
        new ServedFile(fifo, fifo.modified(), "e3", Optional.of(new byte[0]), Optional.empty())), -1);
    assertThat(out).isEqualTo("null null 0 0 c0666 5 e1 /dev/null\n"
        + "sda sda 0 6 b0660 6 e2 /dev/sda\n"
        + "ctl ctl 0 0 p0600 7 e3 /run/ctl\n");
  }

  @Test
  void render_leavesOutFilesNotNewerThanTheTimestamp() {
    assertThat(FileListRenderer.render(List.of(file("a", "/x", 10), file("b", "/y", 20)), 10))
        .startsWith("b ").doesNotContain("\na ");
  }
}

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
  void render_leavesOutFilesNotNewerThanTheTimestamp() {
    assertThat(FileListRenderer.render(List.of(file("a", "/x", 10), file("b", "/y", 20)), 10))
        .startsWith("b ").doesNotContain("\na ");
  }
}

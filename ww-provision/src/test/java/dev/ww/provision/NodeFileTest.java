package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeFileTest {

  static final Instant T = Instant.ofEpochSecond(1_767_225_600L);

  @ParameterizedTest
  @CsvSource({
    "regular, REGULAR", "file, REGULAR", "32768, REGULAR", "-, REGULAR",
    "directory, DIRECTORY", "DIR, DIRECTORY", "16384, DIRECTORY",
    "symlink, SYMLINK", "link, SYMLINK", "40960, SYMLINK",
    "chr, CHARACTER_DEVICE", "char, CHARACTER_DEVICE", "8192, CHARACTER_DEVICE", "c, CHARACTER_DEVICE",
    "blk, BLOCK_DEVICE", "block, BLOCK_DEVICE", "24576, BLOCK_DEVICE",
    "fifo, FIFO", "pipe, FIFO", "4096, FIFO", "' fifo ', FIFO"
  })
  void kindParse_acceptsWordsAliasesLettersAndWarewulf3Numbers(String text, NodeFile.Kind kind) {
    assertThat(NodeFile.Kind.parse(text)).contains(kind);
  }

  @Test
  void kindParse_unknown_isEmpty() {
    assertThat(NodeFile.Kind.parse("socket")).isEmpty();
    assertThat(NodeFile.Kind.parse("49152")).isEmpty();
  }

  @Test
  void device_carriesItsNumbersAsContentLine() {
    NodeFile f = NodeFile.special("sda1", "/dev/sda1", 0, 6, 0660, NodeFile.Kind.BLOCK_DEVICE, T, 8, 1);
    assertThat(f.kind().letter()).isEqualTo('b');
    assertThat(new String(f.deviceNumbers(), StandardCharsets.US_ASCII)).isEqualTo("8:1\n");
    assertThat(NodeFile.special("big", "/dev/big", 0, 0, 0600, NodeFile.Kind.CHARACTER_DEVICE, T, 4095, 1_048_575).minor())
        .isEqualTo(1_048_575);
  }

  @Test
  void deviceNumbers_outOfRange_orOnOtherKinds_areRefused() {
    assertThatThrownBy(() -> NodeFile.special("x", "/dev/x", 0, 0, 0600, NodeFile.Kind.CHARACTER_DEVICE, T, 4096, 0))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> NodeFile.special("x", "/dev/x", 0, 0, 0600, NodeFile.Kind.CHARACTER_DEVICE, T, 1, -1))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> new NodeFile("x", "x", "/x", 0, 0, 0644, NodeFile.Kind.FIFO, "data", T, Optional.empty(), 1, 2))
        .hasMessageContaining("only devices");
    assertThatThrownBy(() -> NodeFile.special("x", "/x", 0, 0, 0644, NodeFile.Kind.REGULAR, T, 0, 0))
        .hasMessageContaining("not a device");
    NodeFile fifo = NodeFile.special("f", "/run/f", 0, 0, 0600, NodeFile.Kind.FIFO, T, 0, 0);
    assertThatThrownBy(fifo::deviceNumbers).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void devicesAndFifos_haveNoContent() {
    Blob blob = new Blob(Path.of("/nonexistent"), 4, "a".repeat(64), T);
    assertThatThrownBy(() -> new NodeFile("x", "x", "/dev/x", 0, 0, 0600, NodeFile.Kind.CHARACTER_DEVICE, "data", T,
        Optional.of(blob), 1, 3)).hasMessageContaining("has no content");
    assertThatThrownBy(() -> new NodeFile("x", "x", "/x", 0, 0, 0600, NodeFile.Kind.FIFO, "data", T, Optional.of(blob)))
        .hasMessageContaining("has no content");
  }
}

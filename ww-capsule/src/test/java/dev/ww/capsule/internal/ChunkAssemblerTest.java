package dev.ww.capsule.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.capsule.TreeChangedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File data is checked against the scan: a file changed between scan and read stops the build. */
class ChunkAssemblerTest {

  @TempDir Path work;
  private Path file;
  private ScannedEntry entry;

  @BeforeEach
  void scanAFile() throws Exception {
    file = work.resolve("data");
    byte[] content = new byte[100_000];
    Arrays.fill(content, (byte) 'x');
    Files.write(file, content);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
    entry =
        new ScannedEntry(
            "data".getBytes(StandardCharsets.US_ASCII), file, Newc.S_IFREG | 0644, 0, 0,
            content.length, 1_700_000_000L, 0, 1, 1, 1, null, List.of(),
            1_700_000_000_000_000_000L, 0);
    entry.inode = 7;
    entry.nlink = 1;
  }

  @Test
  void assemble_unchangedFile_givesHeaderDataAndPadding() throws Exception {
    byte[] buffer = assemble();
    assertThat(new String(buffer, 0, 6, StandardCharsets.US_ASCII)).isEqualTo(Newc.MAGIC);
    assertThat(buffer[entry.headerLength()]).isEqualTo((byte) 'x');
    assertThat(buffer[(int) entry.recordLength() - 1]).isEqualTo((byte) 'x');
  }

  @Test
  void assemble_fileThatShrank_isReported() throws Exception {
    Files.write(file, new byte[10]);
    assertThatThrownBy(this::assemble)
        .isInstanceOf(TreeChangedException.class)
        .hasMessageContaining("data shrank");
  }

  @Test
  void assemble_fileThatGrew_isReported() throws Exception {
    Files.write(file, new byte[200_000]);
    assertThatThrownBy(this::assemble)
        .isInstanceOf(TreeChangedException.class)
        .hasMessageContaining("data changed size");
  }

  @Test
  void assemble_fileModifiedInPlace_isReported() throws Exception {
    byte[] other = new byte[100_000];
    Files.write(file, other);
    assertThatThrownBy(this::assemble)
        .isInstanceOf(TreeChangedException.class)
        .hasMessageContaining("data was modified");
  }

  @Test
  void assemble_fileThatVanished_isReported() throws Exception {
    Files.delete(file);
    assertThatThrownBy(this::assemble)
        .isInstanceOf(TreeChangedException.class)
        .hasMessageContaining("data vanished");
  }

  @Test
  void assemble_pieceOfALargeFile_readsJustItsRange() throws Exception {
    List<ScannedEntry> records = List.of(entry);
    int header = entry.headerLength();
    Chunk middle = new Chunk(0, header + 1000, 0, header + 3000, 2000);
    byte[] buffer = new byte[2000];
    new ChunkAssembler(records).assemble(middle, buffer);
    assertThat(buffer).containsOnly((byte) 'x');
  }

  private byte[] assemble() throws Exception {
    List<ScannedEntry> records = List.of(entry);
    Chunk whole = new Chunk(0, 0, 0, entry.recordLength(), entry.recordLength());
    byte[] buffer = new byte[(int) entry.recordLength()];
    new ChunkAssembler(records).assemble(whole, buffer);
    return buffer;
  }
}

package dev.ww.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.bootstrap.TestKernelTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareSelectorTest {

  @TempDir Path temp;

  @Test
  void select_declaredFirmware_isIncludedAndMissingIsListed() throws Exception {
    TestKernelTree.standard(temp);
    FirmwareSelector selector = new FirmwareSelector(temp.resolve("lib/firmware"));

    FirmwareSelector.Selection selection = selector.select(
        List.of(new FirmwareSelector.Declared("e1000", List.of("e1000/fw.bin", "e1000/missing.bin"))), List.of());

    assertThat(selection.files()).containsOnlyKeys("e1000/fw.bin");
    assertThat(selection.missing()).containsExactly("e1000: e1000/missing.bin");
  }

  @Test
  void select_declaredFirmware_findsCompressedCopies() throws Exception {
    TestKernelTree.standard(temp);
    FirmwareSelector selector = new FirmwareSelector(temp.resolve("lib/firmware"));

    FirmwareSelector.Selection selection =
        selector.select(List.of(new FirmwareSelector.Declared("bnx2", List.of("bnx2/bnx2-b.fw"))), List.of());

    assertThat(selection.files()).containsOnlyKeys("bnx2/bnx2-b.fw.xz");
    assertThat(selection.missing()).isEmpty();
  }

  @Test
  void select_globs_matchFilesAndWholeDirectories_andReportGlobsMatchingNothing() throws Exception {
    TestKernelTree.standard(temp);
    FirmwareSelector selector = new FirmwareSelector(temp.resolve("lib/firmware"));

    FirmwareSelector.Selection selection = selector.select(List.of(), List.of("bnx2*", "e1000/*.bin", "3com/*"));

    assertThat(selection.files()).containsOnlyKeys("bnx2/bnx2-a.fw", "bnx2/bnx2-b.fw.xz", "e1000/fw.bin");
    assertThat(selection.unmatchedGlobs()).containsExactly("3com/*");
  }

  @Test
  void select_symlinkLeadingOutOfTheFirmwareDirectory_isNotFollowed() throws Exception {
    TestKernelTree.standard(temp);
    Files.writeString(temp.resolve("secret"), "host secret");
    Files.createSymbolicLink(temp.resolve("lib/firmware/evil.bin"), temp.resolve("secret"));
    FirmwareSelector selector = new FirmwareSelector(temp.resolve("lib/firmware"));

    FirmwareSelector.Selection selection =
        selector.select(List.of(new FirmwareSelector.Declared("m", List.of("evil.bin"))), List.of());

    assertThat(selection.files()).isEmpty();
    assertThat(selection.missing()).containsExactly("m: evil.bin");
  }

  @Test
  void select_withoutFirmwareDirectory_listsEverythingAsMissing() throws Exception {
    FirmwareSelector selector = new FirmwareSelector(temp.resolve("none"));

    FirmwareSelector.Selection selection =
        selector.select(List.of(new FirmwareSelector.Declared("m", List.of("a.bin"))), List.of("x*"));

    assertThat(selection.missing()).containsExactly("m: a.bin");
    assertThat(selection.unmatchedGlobs()).containsExactly("x*");
  }
}

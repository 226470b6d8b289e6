package dev.ww.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class EarlyMicrocodeTest {

  @TempDir Path temp;

  private Path write(String relative, String content) throws Exception {
    Path file = temp.resolve("firmware").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private static Map<String, String> entries(ArchiveTree tree) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NewcWriter.writeTo(tree, out);
    Map<String, String> entries = new LinkedHashMap<>();
    try (CpioArchiveInputStream cpio = new CpioArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      for (CpioArchiveEntry e = cpio.getNextCPIOEntry(); e != null; e = cpio.getNextCPIOEntry()) {
        entries.put(e.getName(), e.isDirectory() ? "dir" : new String(cpio.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }

  @Test
  void fromFirmware_concatenatesEachVendorsFilesInNameOrder_underTheKernelsEarlyPaths() throws Exception {
    write("intel-ucode/06-8e-0a", "[intel 8e]");
    write("intel-ucode/06-3a-09.initramfs", "[intel 3a early-only]");
    write("intel-ucode/06-55-04", "[intel 55]");
    write("intel-ucode/README", "not microcode");
    write("amd-ucode/microcode_amd_fam17h.bin", "[amd 17h]");
    write("amd-ucode/microcode_amd.bin", "[amd]");
    write("amd-ucode/microcode_amd_fam17h.bin.asc", "signature");
    write("amd/amd_sev_fam17h_model0xh.sbin", "not microcode");

    EarlyMicrocode.Archive archive = EarlyMicrocode.fromFirmware(temp.resolve("firmware")).orElseThrow();

    assertThat(entries(archive.tree())).containsExactly(
        Map.entry("kernel", "dir"),
        Map.entry("kernel/x86", "dir"),
        Map.entry("kernel/x86/microcode", "dir"),
        Map.entry("kernel/x86/microcode/AuthenticAMD.bin", "[amd][amd 17h]"),
        Map.entry("kernel/x86/microcode/GenuineIntel.bin", "[intel 3a early-only][intel 55][intel 8e]"));
    assertThat(archive.parts()).extracting(EarlyMicrocode.Part::name).containsExactly("GenuineIntel.bin", "AuthenticAMD.bin");
    assertThat(archive.parts().get(0).sources())
        .containsExactly("intel-ucode/06-3a-09.initramfs", "intel-ucode/06-55-04", "intel-ucode/06-8e-0a");
  }

  @Test
  void fromFirmware_compressedFiles_areDecompressed_andLinksOutOfTheFirmwareDirectory_ignored() throws Exception {
    Path compressed = temp.resolve("firmware/intel-ucode/06-8e-0a.xz");
    Files.createDirectories(compressed.getParent());
    try (OutputStream out = new XZOutputStream(Files.newOutputStream(compressed), new LZMA2Options())) {
      out.write("[intel 8e]".getBytes(StandardCharsets.UTF_8));
    }
    Path outside = Files.writeString(temp.resolve("host-secret"), "secret");
    Files.createSymbolicLink(temp.resolve("firmware/intel-ucode/06-9e-0a"), outside);

    EarlyMicrocode.Archive archive = EarlyMicrocode.fromFirmware(temp.resolve("firmware")).orElseThrow();

    assertThat(entries(archive.tree())).containsEntry("kernel/x86/microcode/GenuineIntel.bin", "[intel 8e]")
        .doesNotContainKey("kernel/x86/microcode/AuthenticAMD.bin");
  }

  @Test
  void fromFirmware_withoutMicrocode_isEmpty() throws Exception {
    write("e1000/fw.bin", "firmware");
    Files.createDirectories(temp.resolve("firmware/intel-ucode"));

    assertThat(EarlyMicrocode.fromFirmware(temp.resolve("firmware"))).isEmpty();
    assertThat(EarlyMicrocode.fromFirmware(temp.resolve("no-such-dir"))).isEmpty();
  }

  @Test
  void writtenArchive_isAlignedForTheKernelsScanner() throws Exception {
    write("intel-ucode/06-8e-0a", "x");
    List<Integer> offsets = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NewcWriter.writeTo(EarlyMicrocode.fromFirmware(temp.resolve("firmware")).orElseThrow().tree(), out);
    byte[] bytes = out.toByteArray();
    for (int i = 0; i + 6 <= bytes.length; i++) {
      if (new String(bytes, i, 6, StandardCharsets.US_ASCII).equals("070701")) {
        offsets.add(i);
      }
    }

    assertThat(offsets).hasSize(5).allSatisfy(offset -> assertThat(offset % 4).isZero());
    assertThat(bytes.length % 512).isZero();
  }
}

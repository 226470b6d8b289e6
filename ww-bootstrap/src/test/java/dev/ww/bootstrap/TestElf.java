package dev.ww.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds small but well-formed ELF64 files for tests: kernel modules and executables. */
public final class TestElf {

  private TestElf() {}

  /** A relocatable ELF64 with a {@code .modinfo} section holding the given strings. */
  public static byte[] module(List<String> modinfo) {
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    for (String entry : modinfo) {
      info.writeBytes(entry.getBytes(StandardCharsets.UTF_8));
      info.write(0);
    }
    byte[] names = "\0.shstrtab\0.modinfo\0".getBytes(StandardCharsets.US_ASCII);
    byte[] data = info.toByteArray();
    int namesOffset = 0x40;
    int dataOffset = namesOffset + names.length;
    int sectionOffset = align(dataOffset + data.length, 8);
    ByteBuffer elf = ByteBuffer.allocate(sectionOffset + 3 * 0x40).order(ByteOrder.LITTLE_ENDIAN);
    header(elf, 1, 0, sectionOffset, 0, 3, 1);
    elf.position(namesOffset);
    elf.put(names);
    elf.put(data);
    section(elf, sectionOffset + 0x40, 1, namesOffset, names.length);
    section(elf, sectionOffset + 0x80, 11, dataOffset, data.length);
    return elf.array();
  }

  /** An executable ELF64 with one program header: PT_INTERP when dynamic, PT_LOAD otherwise. */
  public static byte[] executable(boolean dynamic) {
    ByteBuffer elf = ByteBuffer.allocate(0x40 + 0x38 + 16).order(ByteOrder.LITTLE_ENDIAN);
    header(elf, 2, 0x40, 0, 1, 0, 0);
    elf.position(0x40);
    elf.putInt(dynamic ? 3 : 1);
    return elf.array();
  }

  /** Writes a module file, compressed according to the file name's suffix. */
  public static void writeModule(Path file, List<String> modinfo) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] bytes = module(modinfo);
    String name = file.getFileName().toString();
    try (OutputStream out = Files.newOutputStream(file)) {
      if (name.endsWith(".xz")) {
        try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
          xz.write(bytes);
        }
      } else if (name.endsWith(".zst")) {
        out.write(com.github.luben.zstd.Zstd.compress(bytes));
      } else if (name.endsWith(".gz")) {
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
          gz.write(bytes);
        }
      } else {
        out.write(bytes);
      }
    }
  }

  private static void header(
      ByteBuffer elf, int type, long programOffset, long sectionOffset, int programCount,
      int sectionCount, int namesIndex) {
    elf.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
    elf.position(0x10);
    elf.putShort((short) type);
    elf.putShort((short) 62);
    elf.putInt(1);
    elf.putLong(0);
    elf.putLong(programOffset);
    elf.putLong(sectionOffset);
    elf.putInt(0);
    elf.putShort((short) 0x40);
    elf.putShort((short) 0x38);
    elf.putShort((short) programCount);
    elf.putShort((short) 0x40);
    elf.putShort((short) sectionCount);
    elf.putShort((short) namesIndex);
  }

  private static void section(ByteBuffer elf, int at, int nameOffset, long offset, long size) {
    elf.position(at);
    elf.putInt(nameOffset);
    elf.putInt(at == 0 ? 0 : 3);
    elf.putLong(0);
    elf.putLong(0);
    elf.putLong(offset);
    elf.putLong(size);
  }

  private static int align(int value, int to) {
    return (value + to - 1) / to * to;
  }
}

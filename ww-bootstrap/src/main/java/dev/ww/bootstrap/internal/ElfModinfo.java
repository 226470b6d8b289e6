package dev.ww.bootstrap.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of an ELF file the bootstrap needs: a module's {@code .modinfo} section (the
 * {@code key=value} strings that {@code modinfo} prints) and whether an executable asks for a
 * dynamic loader. 32- and 64-bit, either byte order.
 */
public final class ElfModinfo {

  private static final int PT_INTERP = 3;

  private ElfModinfo() {}

  /** A parsed ELF header: just enough to walk sections and program headers. */
  private record Header(ByteBuffer buffer, boolean is64) {}

  /**
   * The {@code key=value} strings of the {@code .modinfo} section, in file order.
   *
   * @throws IllegalArgumentException when the bytes are not an ELF file
   * @return the entries, or an empty list when there is no {@code .modinfo} section
   */
  public static List<String> modinfo(byte[] elf) {
    Header header = header(elf);
    ByteBuffer buffer = header.buffer();
    long sectionOffset = header.is64() ? buffer.getLong(0x28) : Integer.toUnsignedLong(buffer.getInt(0x20));
    int entrySize = Short.toUnsignedInt(buffer.getShort(header.is64() ? 0x3A : 0x2E));
    int count = Short.toUnsignedInt(buffer.getShort(header.is64() ? 0x3C : 0x30));
    int namesIndex = Short.toUnsignedInt(buffer.getShort(header.is64() ? 0x3E : 0x32));
    if (sectionOffset == 0 || count == 0 || namesIndex >= count) {
      return List.of();
    }
    long[] names = section(header, sectionOffset, entrySize, namesIndex);
    for (int index = 0; index < count; index++) {
      long[] section = section(header, sectionOffset, entrySize, index);
      String name = cString(elf, names[1] + section[0]);
      if (name.equals(".modinfo")) {
        return strings(elf, section[1], section[2]);
      }
    }
    return List.of();
  }

  /** The values of one modinfo key ({@code depends}, {@code firmware}, ...), in order. */
  public static List<String> values(List<String> modinfo, String key) {
    String prefix = key + "=";
    List<String> result = new ArrayList<>();
    for (String entry : modinfo) {
      if (entry.startsWith(prefix)) {
        result.add(entry.substring(prefix.length()));
      }
    }
    return result;
  }

  /** The first value of one modinfo key. */
  public static Optional<String> value(List<String> modinfo, String key) {
    List<String> all = values(modinfo, key);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** True when the bytes are an ELF file that names a program interpreter (dynamic loader). */
  public static boolean isDynamicallyLinked(byte[] elf) {
    Header header = header(elf);
    ByteBuffer buffer = header.buffer();
    long programOffset = header.is64() ? buffer.getLong(0x20) : Integer.toUnsignedLong(buffer.getInt(0x1C));
    int entrySize = Short.toUnsignedInt(buffer.getShort(header.is64() ? 0x36 : 0x2A));
    int count = Short.toUnsignedInt(buffer.getShort(header.is64() ? 0x38 : 0x2C));
    for (int index = 0; index < count; index++) {
      long at = programOffset + (long) index * entrySize;
      checkRange(elf, at, 4);
      if (buffer.getInt((int) at) == PT_INTERP) {
        return true;
      }
    }
    return false;
  }

  /** True when the bytes start with the ELF magic. */
  public static boolean isElf(byte[] bytes) {
    return bytes.length >= 0x34
        && bytes[0] == 0x7F
        && bytes[1] == 'E'
        && bytes[2] == 'L'
        && bytes[3] == 'F';
  }

  private static Header header(byte[] elf) {
    if (!isElf(elf)) {
      throw new IllegalArgumentException("not an ELF file");
    }
    boolean is64 = elf[4] == 2;
    ByteOrder order = elf[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    if (is64 && elf.length < 0x40) {
      throw new IllegalArgumentException("truncated ELF header");
    }
    return new Header(ByteBuffer.wrap(elf).order(order), is64);
  }

  /** name offset, file offset, size of section {@code index}. */
  private static long[] section(Header header, long tableOffset, int entrySize, int index) {
    ByteBuffer buffer = header.buffer();
    long at = tableOffset + (long) index * entrySize;
    checkRange(buffer.array(), at, header.is64() ? 0x28 : 0x20);
    int base = (int) at;
    long name = Integer.toUnsignedLong(buffer.getInt(base));
    long offset;
    long size;
    if (header.is64()) {
      offset = buffer.getLong(base + 0x18);
      size = buffer.getLong(base + 0x20);
    } else {
      offset = Integer.toUnsignedLong(buffer.getInt(base + 0x10));
      size = Integer.toUnsignedLong(buffer.getInt(base + 0x14));
    }
    return new long[] {name, offset, size};
  }

  private static String cString(byte[] bytes, long offset) {
    checkRange(bytes, offset, 0);
    int start = (int) offset;
    int end = start;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  private static List<String> strings(byte[] bytes, long offset, long size) {
    checkRange(bytes, offset, size);
    List<String> result = new ArrayList<>();
    int start = (int) offset;
    int end = (int) (offset + size);
    int at = start;
    while (at < end) {
      int stop = at;
      while (stop < end && bytes[stop] != 0) {
        stop++;
      }
      if (stop > at) {
        result.add(new String(bytes, at, stop - at, StandardCharsets.UTF_8));
      }
      at = stop + 1;
    }
    return result;
  }

  private static void checkRange(byte[] bytes, long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IllegalArgumentException("ELF structure points outside the file");
    }
  }
}

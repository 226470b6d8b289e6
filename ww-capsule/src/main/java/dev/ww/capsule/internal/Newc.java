package dev.ww.capsule.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The newc ("SVR4 with no CRC") cpio format: a 110-byte ASCII header of the magic {@code 070701}
 * and thirteen 8-digit hexadecimal fields, the NUL-terminated name padded to a multiple of four,
 * then the data padded to a multiple of four. An entry named {@code TRAILER!!!} ends the archive.
 */
public final class Newc {

  public static final String MAGIC = "070701";
  public static final String MAGIC_CRC = "070702";
  public static final int HEADER_LENGTH = 110;
  public static final String TRAILER = "TRAILER!!!";
  /** The largest value of a header field, and so the largest file newc can hold. */
  public static final long MAX_FIELD = 0xFFFF_FFFFL;

  public static final int S_IFMT = 0170000;
  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private Newc() {}

  /** Writes one header and the padded name; the caller writes {@code fileSize} bytes of data. */
  public static void writeHeader(OutputStream out, NewcHeader header) throws IOException {
    out.write(headerBytes(header));
  }

  /** The header, the name, its NUL and the padding to a multiple of four. */
  public static byte[] headerBytes(NewcHeader header) {
    byte[] name = header.name();
    int length = HEADER_LENGTH + name.length + 1;
    byte[] buffer = new byte[length + padding(length)];
    System.arraycopy(MAGIC.getBytes(StandardCharsets.US_ASCII), 0, buffer, 0, 6);
    long[] fields = {
      header.inode(), header.mode(), header.uid(), header.gid(), header.nlink(), header.mtime(),
      header.fileSize(), header.devMajor(), header.devMinor(), header.rdevMajor(),
      header.rdevMinor(), header.name().length + 1L, 0
    };
    for (int i = 0; i < fields.length; i++) {
      long value = fields[i];
      if (value < 0 || value > MAX_FIELD) {
        throw new IllegalArgumentException("newc field " + i + " out of range: " + value);
      }
      int offset = 6 + i * 8;
      for (int digit = 7; digit >= 0; digit--) {
        buffer[offset + digit] = HEX[(int) (value & 0xf)];
        value >>>= 4;
      }
    }
    System.arraycopy(name, 0, buffer, HEADER_LENGTH, name.length);
    return buffer;
  }

  public static void writeTrailer(OutputStream out) throws IOException {
    writeHeader(
        out,
        new NewcHeader(
            TRAILER.getBytes(StandardCharsets.US_ASCII), 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0));
  }

  /** Pads after {@code written} bytes to the next multiple of four. */
  public static void writePadding(OutputStream out, long written) throws IOException {
    int padding = padding(written);
    for (int i = 0; i < padding; i++) {
      out.write(0);
    }
  }

  public static int padding(long length) {
    return (int) ((4 - (length & 3)) & 3);
  }
}

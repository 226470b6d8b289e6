package dev.ww.capsule.internal.compress;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Each chunk becomes one complete gzip member (RFC 1952: header with mtime 0 and OS Unix, raw
 * DEFLATE data, CRC-32 and length). Members concatenate into a valid gzip file that
 * {@code gzip -dc}, busybox {@code gunzip} and our reader read as one stream. The DEFLATE data
 * comes from libdeflate when the host has it, otherwise from zlib.
 */
final class GzipMembers implements ChunkCompressor {

  private static final int OS_UNIX = 3;

  private final int level;
  private final Libdeflate.Compressor libdeflate;
  private final Deflater zlib;
  private final CRC32 crc = new CRC32();

  GzipMembers(int level, Libdeflate library) {
    this.level = level;
    this.libdeflate = library == null ? null : library.compressor(level);
    this.zlib = library == null ? new Deflater(level, true) : null;
  }

  @Override
  public byte[] compress(byte[] input, int length) {
    byte[] deflated = libdeflate != null ? libdeflate.deflate(input, length) : zlibDeflate(input, length);
    crc.reset();
    crc.update(input, 0, length);
    byte[] member = new byte[10 + deflated.length + 8];
    member[0] = 0x1f;
    member[1] = (byte) 0x8b;
    member[2] = 8;
    member[8] = (byte) (level == 9 ? 2 : level == 1 ? 4 : 0);
    member[9] = OS_UNIX;
    System.arraycopy(deflated, 0, member, 10, deflated.length);
    int trailer = 10 + deflated.length;
    littleEndian(member, trailer, crc.getValue());
    littleEndian(member, trailer + 4, length & 0xFFFF_FFFFL);
    return member;
  }

  private byte[] zlibDeflate(byte[] input, int length) {
    zlib.reset();
    zlib.setInput(input, 0, length);
    zlib.finish();
    byte[] output = new byte[length + length / 8 + 256];
    int size = 0;
    while (!zlib.finished()) {
      if (size == output.length) {
        output = Arrays.copyOf(output, output.length * 2);
      }
      size += zlib.deflate(output, size, output.length - size);
    }
    return Arrays.copyOf(output, size);
  }

  private static void littleEndian(byte[] target, int offset, long value) {
    for (int i = 0; i < 4; i++) {
      target[offset + i] = (byte) (value >>> (8 * i));
    }
  }

  @Override
  public void close() {
    if (libdeflate != null) {
      libdeflate.close();
    }
    if (zlib != null) {
      zlib.end();
    }
  }
}

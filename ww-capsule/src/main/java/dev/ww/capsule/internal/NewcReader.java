package dev.ww.capsule.internal;

import dev.ww.capsule.CapsuleFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipException;

/**
 * Reads newc entries one by one from an uncompressed stream. Every malformation (bad magic,
 * non-hexadecimal field, absurd name length, the stream ending early, no trailer) and every
 * decompression error becomes a {@link CapsuleFormatException} naming the position.
 */
public final class NewcReader {

  private static final int MAX_NAME = 65536;

  private final InputStream in;
  private long position;
  private long remainingData;
  private long pendingPadding;
  private NewcHeader current;

  public NewcReader(InputStream in) {
    this.in = in;
  }

  /** The next entry's header, or null after the trailer. */
  public NewcHeader next() throws IOException {
    skipRest();
    byte[] raw = readFully(Newc.HEADER_LENGTH, "an entry header");
    String magic = new String(raw, 0, 6, StandardCharsets.US_ASCII);
    if (!magic.equals(Newc.MAGIC) && !magic.equals(Newc.MAGIC_CRC)) {
      throw new CapsuleFormatException(
          "corrupt capsule: no newc header at archive offset " + (position - Newc.HEADER_LENGTH)
              + " (found '" + printable(raw, 6) + "')");
    }
    long[] fields = new long[13];
    for (int i = 0; i < 13; i++) {
      fields[i] = hex(raw, 6 + i * 8);
    }
    long nameSize = fields[11];
    if (nameSize < 2 || nameSize > MAX_NAME) {
      throw new CapsuleFormatException(
          "corrupt capsule: name length " + nameSize + " at archive offset "
              + (position - Newc.HEADER_LENGTH));
    }
    byte[] nameWithNul = readFully((int) nameSize, "an entry name");
    if (nameWithNul[(int) nameSize - 1] != 0) {
      throw new CapsuleFormatException(
          "corrupt capsule: entry name not terminated at archive offset " + position);
    }
    byte[] name = java.util.Arrays.copyOf(nameWithNul, (int) nameSize - 1);
    for (byte b : name) {
      if (b == 0) {
        throw new CapsuleFormatException(
            "corrupt capsule: entry name contains a NUL byte: " + RawNames.display(name));
      }
    }
    skipExactly(Newc.padding(Newc.HEADER_LENGTH + nameSize), "padding");
    current =
        new NewcHeader(
            name, fields[0], (int) fields[1], fields[2], fields[3], fields[4], fields[5],
            fields[6], fields[7], fields[8], fields[9], fields[10]);
    if (current.isTrailer()) {
      return null;
    }
    remainingData = current.fileSize();
    pendingPadding = Newc.padding(current.fileSize());
    return current;
  }

  /** Reads up to {@code length} bytes of the current entry's data; -1 at its end. */
  public int readData(byte[] buffer, int offset, int length) throws IOException {
    if (remainingData == 0) {
      return -1;
    }
    int wanted = (int) Math.min(length, remainingData);
    int read;
    try {
      read = in.read(buffer, offset, wanted);
    } catch (EOFException | ZipException e) {
      throw truncatedOrCorrupt("the data of " + RawNames.display(current.name()), e);
    } catch (IOException e) {
      throw decompressionFailure(e);
    }
    if (read < 0) {
      throw new CapsuleFormatException(
          "truncated capsule: it ends inside the data of " + RawNames.display(current.name()));
    }
    remainingData -= read;
    position += read;
    return read;
  }

  /** The current entry's whole data; only for small entries (link targets, the manifest). */
  public byte[] readAllData(int limit) throws IOException {
    if (remainingData > limit) {
      throw new CapsuleFormatException(
          "corrupt capsule: " + RawNames.display(current.name()) + " claims " + remainingData
              + " bytes, more than the " + limit + " such an entry may have");
    }
    byte[] data = new byte[(int) remainingData];
    int offset = 0;
    while (offset < data.length) {
      offset += readData(data, offset, data.length - offset);
    }
    return data;
  }

  private void skipRest() throws IOException {
    byte[] scratch = new byte[8192];
    while (remainingData > 0) {
      readData(scratch, 0, (int) Math.min(scratch.length, remainingData));
    }
    skipExactly((int) pendingPadding, "padding");
    pendingPadding = 0;
  }

  private void skipExactly(int count, String what) throws IOException {
    if (count > 0) {
      readFully(count, what);
    }
  }

  private byte[] readFully(int count, String what) throws IOException {
    byte[] data = new byte[count];
    int offset = 0;
    try {
      while (offset < count) {
        int read = in.read(data, offset, count - offset);
        if (read < 0) {
          throw new CapsuleFormatException(
              offset == 0 && what.equals("an entry header")
                  ? "truncated capsule: it ends without the newc trailer (after " + position
                      + " archive bytes)"
                  : "truncated capsule: it ends inside " + what + " at archive offset "
                      + (position + offset));
        }
        offset += read;
      }
    } catch (EOFException | ZipException e) {
      throw truncatedOrCorrupt(what, e);
    } catch (CapsuleFormatException e) {
      throw e;
    } catch (IOException e) {
      throw decompressionFailure(e);
    }
    position += count;
    return data;
  }

  private CapsuleFormatException truncatedOrCorrupt(String what, IOException e) {
    String kind = e instanceof EOFException ? "truncated" : "corrupt";
    return new CapsuleFormatException(
        kind + " capsule: the compressed stream fails inside " + what + " at archive offset "
            + position + ": " + e.getMessage(), e);
  }

  private static CapsuleFormatException decompressionFailure(IOException e) {
    return new CapsuleFormatException(
        "corrupt or unreadable capsule: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  private static long hex(byte[] raw, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 8; i++) {
      int c = raw[i];
      int digit = Character.digit(c, 16);
      if (digit < 0) {
        throw new CapsuleFormatException(
            "corrupt capsule: header field is not hexadecimal ('" + printable(raw, 110) + "')");
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private static String printable(byte[] raw, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(length, 24); i++) {
      int c = raw[i] & 0xff;
      text.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
    }
    return text.toString();
  }
}

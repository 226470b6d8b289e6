package dev.ww.capsule.internal.compress;

import dev.ww.capsule.CapsuleFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a gzip file of one or more members as one stream, checking every member's CRC-32 and
 * length. Unlike {@link java.util.zip.GZIPInputStream}, which looks for a next member only when
 * the source reports bytes {@code available()} (so a capsule arriving over a slow network could
 * end early at a member boundary), this reads until the source really ends.
 */
public final class GzipMembersInputStream extends InputStream {

  private static final int FTEXT = 1;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private int position;
  private int limit;
  private long memberLength;
  private boolean ended;
  private long members;

  public GzipMembersInputStream(InputStream in) throws IOException {
    this.in = in;
    readHeader();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!ended) {
      if (inflater.finished()) {
        position = limit - inflater.getRemaining();
        readTrailer();
        if (!nextMember()) {
          ended = true;
          return -1;
        }
        continue;
      }
      if (inflater.needsInput()) {
        if (position == limit && !fill()) {
          throw new EOFException("truncated capsule: the gzip data ends in the middle of a member");
        }
        inflater.setInput(buffer, position, limit - position);
        position = limit;
      }
      int produced;
      try {
        produced = inflater.inflate(target, offset, length);
      } catch (DataFormatException e) {
        throw new CapsuleFormatException("corrupt capsule: bad gzip data (" + e.getMessage() + ")");
      }
      if (inflater.needsDictionary()) {
        throw new CapsuleFormatException("corrupt capsule: gzip data asks for a dictionary");
      }
      if (produced > 0) {
        crc.update(target, offset, produced);
        memberLength += produced;
        return produced;
      }
    }
    return -1;
  }

  /** Members read so far. */
  public long members() {
    return members;
  }

  private void readHeader() throws IOException {
    int id1 = readByte();
    int id2 = readByte();
    if (id1 != 0x1f || id2 != 0x8b) {
      throw new CapsuleFormatException("corrupt capsule: a gzip member does not start with 1f 8b");
    }
    if (readByte() != 8) {
      throw new CapsuleFormatException("corrupt capsule: gzip compression method is not DEFLATE");
    }
    int flags = readByte();
    if ((flags & ~(FTEXT | FHCRC | FEXTRA | FNAME | FCOMMENT)) != 0) {
      throw new CapsuleFormatException("corrupt capsule: reserved gzip header flags are set");
    }
    for (int i = 0; i < 6; i++) {
      readByte(); // mtime, extra flags, OS
    }
    if ((flags & FEXTRA) != 0) {
      int length = readByte() | (readByte() << 8);
      for (int i = 0; i < length; i++) {
        readByte();
      }
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FHCRC) != 0) {
      readByte();
      readByte();
    }
    inflater.reset();
    crc.reset();
    memberLength = 0;
    members++;
  }

  private void readTrailer() throws IOException {
    long expectedCrc = readInt();
    long expectedLength = readInt();
    if (expectedCrc != crc.getValue()) {
      throw new CapsuleFormatException(
          "corrupt capsule: CRC-32 mismatch in gzip member " + members);
    }
    if (expectedLength != (memberLength & 0xFFFF_FFFFL)) {
      throw new CapsuleFormatException(
          "corrupt capsule: length mismatch in gzip member " + members);
    }
  }

  /** After a member: true if another follows, false at the true end of the source. */
  private boolean nextMember() throws IOException {
    if (position == limit && !fill()) {
      return false;
    }
    readHeader();
    return true;
  }

  private void skipZeroTerminated() throws IOException {
    while (readByte() != 0) {
      // skip
    }
  }

  private long readInt() throws IOException {
    long value = 0;
    for (int i = 0; i < 4; i++) {
      value |= (long) readByte() << (8 * i);
    }
    return value;
  }

  private int readByte() throws IOException {
    if (position == limit && !fill()) {
      throw new EOFException("truncated capsule: the gzip data ends in a member's header or trailer");
    }
    return buffer[position++] & 0xff;
  }

  /** Reads more input; false at the end of the source. Blocks until bytes come or it ends. */
  private boolean fill() throws IOException {
    int read;
    do {
      read = in.read(buffer, 0, buffer.length);
    } while (read == 0);
    if (read < 0) {
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}

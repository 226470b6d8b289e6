package dev.ww.node.internal;

import dev.ww.capsule.CapsuleEntry;
import dev.ww.core.UserException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks the entries of an uncompressed newc archive (a decompressed capsule) without
 * interpreting them: each entry's header and name exactly as stored, then its data, which the
 * caller copies, compares or skips. It never writes anything; {@code wwgetvnfs} uses it to pick
 * the entries that differ and hand exactly those, byte for byte, to the capsule reader's confined
 * extraction. Stops at the first trailer, as the capsule reader does.
 */
public final class NewcScanner {

  static final int HEADER = 110;
  private static final int MAX_NAME = 65536;
  private static final byte[] TRAILER = "TRAILER!!!".getBytes(StandardCharsets.US_ASCII);

  /**
   * One entry: {@code prefix} is the header, the name with its NUL and the padding after it, as
   * stored (what precedes the data in the archive); the rest are the header's fields.
   */
  public record Entry(
      byte[] prefix, byte[] name, int mode, long inode, long uid, long gid, long nlink, long mtime,
      long size, long rdevMajor, long rdevMinor) {

    /** The padding after {@code size} bytes of data. */
    public int dataPadding() {
      return pad(size);
    }

    /** The name as text; bytes that are not UTF-8 become U+FFFD. */
    public String nameText() {
      return new String(name, StandardCharsets.UTF_8);
    }

    /** The listing's view of this entry ({@code linkTarget} empty unless a symlink). */
    public CapsuleEntry toCapsuleEntry(String linkTarget) {
      CapsuleEntry.Type type = switch (mode & 0170000) {
        case 0040000 -> CapsuleEntry.Type.DIRECTORY;
        case 0120000 -> CapsuleEntry.Type.SYMLINK;
        case 0020000 -> CapsuleEntry.Type.CHARACTER_DEVICE;
        case 0060000 -> CapsuleEntry.Type.BLOCK_DEVICE;
        case 0010000 -> CapsuleEntry.Type.FIFO;
        case 0140000 -> CapsuleEntry.Type.SOCKET;
        case 0100000 -> CapsuleEntry.Type.FILE;
        default -> throw corrupt("unknown file type " + Integer.toOctalString(mode & 0170000)
            + " of entry " + nameText());
      };
      return new CapsuleEntry(nameText(), type, mode & 07777, uid, gid, mtime, size, inode, nlink,
          rdevMajor, rdevMinor, linkTarget);
    }
  }

  private final InputStream in;
  private long remaining;
  private int padding;
  private long offset;
  private boolean ended;

  public NewcScanner(InputStream in) {
    this.in = in;
  }

  /** The next entry (after skipping what is left of the current one), or null at the trailer. */
  public Entry next() throws IOException {
    if (ended) {
      return null;
    }
    skipData();
    skip(padding);
    padding = 0;
    byte[] header = readFully(HEADER, "an entry header");
    if (header[0] != '0' || header[1] != '7' || header[2] != '0' || header[3] != '7'
        || header[4] != '0' || (header[5] != '1' && header[5] != '2')) {
      throw corrupt("no newc header at archive offset " + (offset - HEADER));
    }
    long inode = hex(header, 0);
    int mode = (int) hex(header, 1);
    long uid = hex(header, 2);
    long gid = hex(header, 3);
    long nlink = hex(header, 4);
    long mtime = hex(header, 5);
    long size = hex(header, 6);
    long nameSize = hex(header, 11);
    if (nameSize < 2 || nameSize > MAX_NAME) {
      throw corrupt("name length " + nameSize + " at archive offset " + (offset - HEADER));
    }
    int namePad = pad(HEADER + nameSize);
    byte[] rest = readFully((int) nameSize + namePad, "an entry name");
    if (rest[(int) nameSize - 1] != 0) {
      throw corrupt("entry name not terminated at archive offset " + offset);
    }
    byte[] name = Arrays.copyOf(rest, (int) nameSize - 1);
    if (Arrays.equals(name, TRAILER)) {
      ended = true;
      return null;
    }
    byte[] prefix = new byte[HEADER + rest.length];
    System.arraycopy(header, 0, prefix, 0, HEADER);
    System.arraycopy(rest, 0, prefix, HEADER, rest.length);
    remaining = size;
    padding = pad(size);
    return new Entry(prefix, name, mode, inode, uid, gid, nlink, mtime, size, hex(header, 9), hex(header, 10));
  }

  /** Reads up to {@code len} bytes of the current entry's data; -1 at its end. */
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw corrupt("the archive ends inside an entry's data");
    }
    remaining -= n;
    offset += n;
    return n;
  }

  /** Skips what is left of the current entry's data. */
  public void skipData() throws IOException {
    byte[] scratch = new byte[8192];
    while (remaining > 0) {
      read(scratch, 0, scratch.length);
    }
  }

  /** The trailer entry that ends an archive. */
  static byte[] trailer() {
    byte[] name = Arrays.copyOf(TRAILER, TRAILER.length + 1);
    StringBuilder h = new StringBuilder("070701");
    long[] fields = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, name.length, 0};
    for (long f : fields) {
      String x = Long.toHexString(f);
      h.append("00000000", 0, 8 - x.length()).append(x);
    }
    byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[HEADER + name.length + pad(HEADER + name.length)];
    System.arraycopy(header, 0, out, 0, HEADER);
    System.arraycopy(name, 0, out, HEADER, name.length);
    return out;
  }

  static int pad(long n) {
    return (int) ((4 - (n & 3)) & 3);
  }

  private void skip(int n) throws IOException {
    if (n > 0) {
      readFully(n, "padding");
    }
  }

  private byte[] readFully(int n, String what) throws IOException {
    byte[] b = new byte[n];
    int got = 0;
    try {
      while (got < n) {
        int r = in.read(b, got, n - got);
        if (r < 0) {
          throw corrupt(got == 0 && what.equals("an entry header")
              ? "the archive ends without its trailer"
              : "the archive ends inside " + what);
        }
        got += r;
      }
    } catch (EOFException e) {
      throw corrupt("the compressed stream ends inside " + what);
    }
    offset += n;
    return b;
  }

  /** Field {@code i} (after the magic) of a header, eight hexadecimal digits. */
  private static long hex(byte[] header, int i) {
    long v = 0;
    for (int p = 6 + i * 8; p < 14 + i * 8; p++) {
      int d = Character.digit(header[p], 16);
      if (d < 0) {
        throw corrupt("a header field is not hexadecimal");
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static UserException corrupt(String what) {
    return new UserException("the capsule is corrupt: " + what);
  }
}

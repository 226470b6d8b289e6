package dev.ww.datastore.internal;

import dev.ww.datastore.BlobCorruptException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes what passes through and fails at the end of the stream if it is not the expected blob. */
final class VerifyingInputStream extends FilterInputStream {

  private final String expectedSha256;
  private final long expectedSize;
  private final String where;
  private final MessageDigest digest = Digests.sha256();
  private long count;
  private boolean checked;

  VerifyingInputStream(InputStream in, String expectedSha256, long expectedSize, String where) {
    super(in);
    this.expectedSha256 = expectedSha256;
    this.expectedSize = expectedSize;
    this.where = where;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      check();
    } else {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) {
      check();
    } else {
      digest.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes must still be hashed.
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    String actual = Digests.hex(digest.digest());
    if (!actual.equals(expectedSha256) || (expectedSize >= 0 && count != expectedSize)) {
      throw new BlobCorruptException(
          "blob sha256:" + expectedSha256 + " in " + where + " is corrupt: its " + count
              + " bytes hash to sha256:" + actual + "; import the object again");
    }
  }
}

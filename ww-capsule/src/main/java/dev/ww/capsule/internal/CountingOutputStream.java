package dev.ww.capsule.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Counts the bytes passing through and, optionally, computes their SHA-256. */
public final class CountingOutputStream extends FilterOutputStream {

  private final MessageDigest digest;
  private final boolean closeTarget;
  private long count;

  public CountingOutputStream(OutputStream out, boolean sha256, boolean closeTarget) {
    super(out);
    this.closeTarget = closeTarget;
    try {
      this.digest = sha256 ? MessageDigest.getInstance("SHA-256") : null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    count++;
    if (digest != null) {
      digest.update((byte) b);
    }
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    out.write(data, offset, length);
    count += length;
    if (digest != null) {
      digest.update(data, offset, length);
    }
  }

  public long count() {
    return count;
  }

  /** The SHA-256 in lower-case hex; call once, after the last write. */
  public String sha256() {
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() throws IOException {
    if (closeTarget) {
      out.close();
    } else {
      out.flush();
    }
  }
}

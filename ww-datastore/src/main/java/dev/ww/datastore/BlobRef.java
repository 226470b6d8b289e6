package dev.ww.datastore;

import dev.ww.core.UserException;
import java.util.regex.Pattern;

/** A blob by its content: the SHA-256 of its bytes (lower-case hex) and its size. */
public record BlobRef(String sha256, long size) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public BlobRef {
    sha256 = checkDigest(sha256);
    if (size < 0) {
      throw new IllegalArgumentException("negative blob size");
    }
  }

  public static String checkDigest(String sha256) {
    if (sha256 == null || !HEX.matcher(sha256).matches()) {
      throw new UserException("'" + sha256 + "' is not a SHA-256 digest (64 lower-case hex digits)");
    }
    return sha256;
  }
}

package dev.ww.provision;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the content of a stored object lives on this server's disk, with what the catalog
 * knows about it: size, SHA-256 (lower-case hex, also the HTTP entity tag) and change time.
 */
public record Blob(Path path, long size, String sha256, Instant modified) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public Blob {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(modified, "modified");
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a lower-case SHA-256: " + sha256);
    }
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("blob path must be absolute: " + path);
    }
  }
}

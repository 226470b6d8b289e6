package dev.ww.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Content-addressed storage of large byte streams (capsules, bootstraps, file contents). Blobs
 * are streamed in and out, never held whole in memory; a blob is stored completely or not at
 * all; every read verifies the bytes against the digest.
 */
public interface BlobStore {

  /** Stores a stream; returns its digest and size. Storing the same bytes twice is a no-op. */
  BlobRef put(InputStream content) throws IOException;

  boolean exists(String sha256) throws IOException;

  /**
   * Opens a blob. The stream throws {@link BlobCorruptException} at its end when the bytes do
   * not match the digest, so a caller that reads to the end never accepts corrupt data
   * silently.
   */
  InputStream open(String sha256) throws IOException;

  /** Copies a blob to a stream, verifying it; returns the number of bytes. */
  default long copyTo(String sha256, OutputStream out) throws IOException {
    try (InputStream in = open(sha256)) {
      return in.transferTo(out);
    }
  }

  /**
   * Writes a blob to a file atomically: the file appears complete and verified, or not at all.
   */
  void exportTo(String sha256, Path destination) throws IOException;

  /** Reads a whole blob and checks it; throws {@link BlobCorruptException} if it is damaged. */
  default void verify(String sha256) throws IOException {
    copyTo(sha256, OutputStream.nullOutputStream());
  }
}

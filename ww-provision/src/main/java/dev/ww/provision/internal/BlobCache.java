package dev.ww.provision.internal;

import dev.ww.datastore.BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * This server's local copies of store blobs, one verified file per digest, so bodies can be
 * sent with sendfile whichever backend holds the store (with PostgreSQL every server keeps its
 * own cache). A blob is exported once; concurrent first requests wait for that one export
 * rather than each starting their own (no stampede, no 503 while it runs).
 */
public final class BlobCache {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final BlobStore blobs;
  private final Path dir;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  public BlobCache(BlobStore blobs, Path dir) throws IOException {
    this.blobs = blobs;
    this.dir = Files.createDirectories(dir);
  }

  /** The local file holding blob {@code sha256} of {@code size} bytes, exported if needed. */
  public Path locate(String sha256, long size) throws IOException {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IOException("not a SHA-256 digest: " + sha256);
    }
    Path file = dir.resolve(sha256);
    if (present(file, size)) {
      return file;
    }
    Object lock = locks.computeIfAbsent(sha256, k -> new Object());
    synchronized (lock) {
      if (!present(file, size)) {
        Files.deleteIfExists(file);
        blobs.exportTo(sha256, file);
        if (!present(file, size)) {
          throw new IOException("blob " + sha256 + " is not " + size + " bytes in the store");
        }
      }
    }
    locks.remove(sha256, lock);
    return file;
  }

  /** One stat call: a regular file of the expected size. */
  private static boolean present(Path file, long size) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.isRegularFile() && a.size() == size;
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}

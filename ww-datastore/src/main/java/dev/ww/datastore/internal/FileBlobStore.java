package dev.ww.datastore.internal;

import dev.ww.datastore.BlobRef;
import dev.ww.datastore.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Blobs as files named by their digest: {@code ROOT/ab/abcdef...}. A blob is streamed into a
 * temporary file in {@code ROOT/.tmp} while it is hashed, forced to disk, then renamed into
 * place and the directory forced: a crash leaves either no blob or the whole one, never a torn
 * file under a digest name. Temporary files of writers that no longer run are removed on open.
 */
public final class FileBlobStore implements BlobStore {

  private static final int BUFFER = 1 << 16;

  private final Path root;
  private final Path tmp;

  public FileBlobStore(Path root) throws IOException {
    this.root = root;
    this.tmp = root.resolve(".tmp");
    Files.createDirectories(tmp);
    removeAbandonedUploads();
  }

  public Path root() {
    return root;
  }

  /** The file that holds a blob (it may not exist). */
  public Path pathOf(String sha256) {
    BlobRef.checkDigest(sha256);
    return root.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  @Override
  public BlobRef put(InputStream content) throws IOException {
    Path temp = newTempFile();
    try {
      MessageDigest digest = Digests.sha256();
      long size = 0;
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = content.read(buffer)) >= 0) {
          digest.update(buffer, 0, n);
          ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, n);
          while (wrapped.hasRemaining()) {
            channel.write(wrapped);
          }
          size += n;
        }
        channel.force(true);
      }
      String sha256 = Digests.hex(digest.digest());
      install(temp, sha256);
      return new BlobRef(sha256, size);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Moves a complete, verified temporary file into place under its digest. */
  void install(Path temp, String sha256) throws IOException {
    Path target = pathOf(sha256);
    if (Files.exists(target)) {
      // Stored again: mark it recent, so garbage collection leaves it to the object about to use it.
      Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
      return;
    }
    Files.createDirectories(target.getParent());
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
      if (!Files.exists(target)) {
        throw raced;
      }
    }
    forceDirectory(target.getParent());
  }

  Path newTempFile() throws IOException {
    Path temp = tmp.resolve("upload-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    return Files.createFile(temp);
  }

  @Override
  public boolean exists(String sha256) {
    return Files.isRegularFile(pathOf(sha256));
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    Path file = pathOf(sha256);
    try {
      return new VerifyingInputStream(Files.newInputStream(file), sha256, -1, file.toString());
    } catch (NoSuchFileException e) {
      throw new dev.ww.core.UserException("blob sha256:" + sha256 + " is not in the store (" + root + ")");
    }
  }

  @Override
  public void exportTo(String sha256, Path destination) throws IOException {
    Path absolute = destination.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".ww-" + UUID.randomUUID());
    try {
      try (InputStream in = open(sha256);
          OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        in.transferTo(out);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Deletes the blobs no object refers to that were last stored before {@code cutoffMillis};
   * returns how many. Younger blobs are kept: an import stores its blob before the object that
   * refers to it.
   */
  public int collectGarbage(java.util.Set<String> referenced, long cutoffMillis) throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(root, "??")) {
      for (Path prefix : prefixes) {
        try (DirectoryStream<Path> blobs = Files.newDirectoryStream(prefix)) {
          for (Path blob : blobs) {
            String name = blob.getFileName().toString();
            if (name.length() == 64 && !referenced.contains(name)
                && Files.getLastModifiedTime(blob).toMillis() < cutoffMillis && Files.deleteIfExists(blob)) {
              deleted++;
            }
          }
        }
      }
    }
    return deleted;
  }

  private void removeAbandonedUploads() throws IOException {
    try (DirectoryStream<Path> uploads = Files.newDirectoryStream(tmp, "upload-*")) {
      for (Path upload : uploads) {
        String[] parts = upload.getFileName().toString().split("-", 3);
        try {
          long pid = Long.parseLong(parts[1]);
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            continue;
          }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          // not one of ours: remove it as well
        }
        Files.deleteIfExists(upload);
      }
    }
  }

  static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}

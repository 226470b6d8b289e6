package dev.ww.provision.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file only when its content changes, through a hidden temporary file in the same
 * directory renamed over the target: readers (dnsmasq watching a directory, a TFTP client)
 * never see half a file, and an unchanged file keeps its time stamp.
 */
public final class AtomicFiles {

  /** rw-r--r--: what a TFTP server that drops its privileges can still read. */
  public static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFiles() {}

  /** True when the file was written (it did not exist or differed). */
  public static boolean writeIfChanged(Path target, byte[] content) throws IOException {
    if (unchanged(target, content)) {
      return false;
    }
    Path tmp = temporary(target);
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(content));
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return true;
  }

  /**
   * As {@link #writeIfChanged(Path, byte[])}, and the file gets {@code permissions} (whatever
   * the umask) when written or when it only had others.
   */
  public static boolean writeIfChanged(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    if (unchanged(target, content)) {
      if (!Files.getPosixFilePermissions(target).equals(permissions)) {
        Files.setPosixFilePermissions(target, permissions);
      }
      return false;
    }
    Path tmp = temporary(target);
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(content));
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, permissions);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return true;
  }

  /** A new hidden temporary name beside {@code target} (its directory is created). */
  public static Path temporary(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return dir.resolve(
        "." + target.getFileName() + ".tmp" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  private static boolean unchanged(Path target, byte[] content) throws IOException {
    return Files.isRegularFile(target) && Files.size(target) == content.length
        && Arrays.equals(Files.readAllBytes(target), content);
  }
}

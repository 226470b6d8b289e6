package dev.ww.capsule.internal;

import dev.ww.capsule.TreeChangedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;

/**
 * Produces the uncompressed bytes of a chunk: headers, names, inline data (link targets, the
 * attribute manifest), file data read from the tree, and padding. File data is checked against
 * the scan: a file that vanished, shrank, grew or was modified stops the build with a
 * {@link TreeChangedException}. Safe to use from several threads at once.
 */
public final class ChunkAssembler {

  private final List<ScannedEntry> records;

  public ChunkAssembler(List<ScannedEntry> records) {
    this.records = records;
  }

  /** Fills {@code buffer} (at least {@code chunk.length()} bytes) with the chunk. */
  public void assemble(Chunk chunk, byte[] buffer) throws IOException {
    int at = 0;
    for (int i = chunk.firstRecord(); i <= chunk.lastRecord(); i++) {
      ScannedEntry record = records.get(i);
      long from = chunk.from(i);
      long to = chunk.to(i, record.recordLength());
      at = copyRecord(record, from, to, buffer, at);
    }
    if (at != chunk.length()) {
      throw new IllegalStateException("chunk assembled to " + at + " bytes, planned " + chunk.length());
    }
  }

  private int copyRecord(ScannedEntry record, long from, long to, byte[] buffer, int at)
      throws IOException {
    int headerLength = record.headerLength();
    long stored = record.storedSize();
    if (from < headerLength) {
      byte[] header = Newc.headerBytes(record.header());
      int end = (int) Math.min(to, headerLength);
      System.arraycopy(header, (int) from, buffer, at, end - (int) from);
      at += end - (int) from;
    }
    long dataFrom = Math.max(from, headerLength) - headerLength;
    long dataTo = Math.min(to, headerLength + stored) - headerLength;
    if (dataTo > dataFrom) {
      int length = (int) (dataTo - dataFrom);
      if (record.content != null) {
        System.arraycopy(record.content, (int) dataFrom, buffer, at, length);
      } else {
        readFile(record, dataFrom, dataTo, buffer, at);
      }
      at += length;
    }
    long paddingFrom = Math.max(from, headerLength + stored);
    if (to > paddingFrom) {
      int length = (int) (to - paddingFrom);
      Arrays.fill(buffer, at, at + length, (byte) 0);
      at += length;
    }
    return at;
  }

  private static void readFile(ScannedEntry record, long from, long to, byte[] buffer, int at)
      throws IOException {
    String name = RawNames.display(record.name);
    ByteBuffer target = ByteBuffer.wrap(buffer, at, (int) (to - from));
    try (FileChannel channel =
        FileChannel.open(record.host, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long position = from;
      while (target.hasRemaining()) {
        int read = channel.read(target, position);
        if (read < 0) {
          throw new TreeChangedException(
              name + " shrank while the capsule was being written (" + record.size
                  + " bytes when scanned, " + position + " readable); make sure nothing changes"
                  + " the tree and build again");
        }
        position += read;
      }
      if (to == record.size && channel.size() != record.size) {
        throw new TreeChangedException(
            name + " changed size while the capsule was being written (" + record.size
                + " bytes when scanned, " + channel.size() + " now); make sure nothing changes"
                + " the tree and build again");
      }
    } catch (NoSuchFileException e) {
      throw new TreeChangedException(
          name + " vanished while the capsule was being written; make sure nothing changes the"
              + " tree and build again", e);
    }
    if (to == record.size) {
      BasicFileAttributes after =
          Files.readAttributes(record.host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      java.time.Instant modified = after.lastModifiedTime().toInstant();
      if (modified.getEpochSecond() * 1_000_000_000L + modified.getNano() != record.mtimeNanos
          || after.size() != record.size) {
        throw new TreeChangedException(
            name + " was modified while the capsule was being written; make sure nothing"
                + " changes the tree and build again");
      }
    }
  }
}

package dev.ww.capsule.internal;

import dev.ww.capsule.TreeChangedException;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.ProgressEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes a planned archive as newc. File data is read in chunks (never a whole file in memory)
 * and checked against what the scan saw: a file that vanished, grew, shrank or was modified in
 * between stops the write with a {@link TreeChangedException}.
 */
public final class ArchiveWriter {

  private static final int CHUNK = 256 * 1024;
  private static final long PROGRESS_STEP = 8L * 1024 * 1024;

  private final EventHandlers events;
  private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
  private long done;
  private long nextProgress;

  public ArchiveWriter(EventHandlers events) {
    this.events = events;
  }

  /** Writes every entry and the trailer; returns the number of entries written. */
  public long write(ArchivePlan plan, OutputStream out) throws IOException {
    long total = plan.dataBytes();
    for (ScannedEntry entry : plan.entries()) {
      NewcHeader header = entry.header();
      Newc.writeHeader(out, header);
      if (entry.content != null) {
        out.write(entry.content);
      } else if (entry.isRegular() && entry.carriesData) {
        copyFile(entry, out);
        done += entry.size;
        if (done >= nextProgress) {
          events.dispatch(new ProgressEvent("Writing capsule", done, total, "bytes"));
          nextProgress = done + PROGRESS_STEP;
        }
      }
      Newc.writePadding(out, header.fileSize());
    }
    Newc.writeTrailer(out);
    events.dispatch(new ProgressEvent("Writing capsule", total, total, "bytes"));
    return plan.entries().size();
  }

  private void copyFile(ScannedEntry entry, OutputStream out) throws IOException {
    String name = RawNames.display(entry.name);
    long remaining = entry.size;
    try (FileChannel channel =
        FileChannel.open(entry.host, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (remaining > 0) {
        buffer.clear();
        buffer.limit((int) Math.min(CHUNK, remaining));
        int read = channel.read(buffer);
        if (read < 0) {
          throw new TreeChangedException(
              name + " shrank while the capsule was being written (" + entry.size
                  + " bytes when scanned, " + (entry.size - remaining) + " read); make sure"
                  + " nothing changes the tree and build again");
        }
        out.write(buffer.array(), 0, read);
        remaining -= read;
      }
      buffer.clear();
      buffer.limit(1);
      if (channel.read(buffer) > 0) {
        throw new TreeChangedException(
            name + " grew while the capsule was being written (" + entry.size + " bytes when"
                + " scanned); make sure nothing changes the tree and build again");
      }
    } catch (NoSuchFileException e) {
      throw new TreeChangedException(
          name + " vanished while the capsule was being written; make sure nothing changes the"
              + " tree and build again", e);
    }
    BasicFileAttributes after =
        Files.readAttributes(entry.host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (after.lastModifiedTime().toInstant().getEpochSecond() != entry.mtime
        || after.size() != entry.size) {
      throw new TreeChangedException(
          name + " was modified while the capsule was being written; make sure nothing changes"
              + " the tree and build again");
    }
  }
}

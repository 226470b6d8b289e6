package dev.ww.capsule;

import dev.ww.capsule.internal.CompressionStreams;
import dev.ww.capsule.internal.Extractor;
import dev.ww.capsule.internal.NativeCalls;
import dev.ww.capsule.internal.Newc;
import dev.ww.capsule.internal.NewcHeader;
import dev.ww.capsule.internal.NewcReader;
import dev.ww.capsule.internal.RawNames;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.os.JnaLinuxOs;
import dev.ww.core.os.LinuxOs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads a capsule of any compression (recognized by its first bytes): lists it, or extracts it
 * into a directory, confined to that directory. Reads the stream once; a reader is used for one
 * call.
 */
public final class CapsuleReader {

  private final InputStream in;
  private EventHandlers events = EventHandlers.none();
  private LinuxOs os;
  private boolean owners = true;

  CapsuleReader(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  public CapsuleReader events(EventHandlers events) {
    this.events = Objects.requireNonNull(events, "events");
    return this;
  }

  /** The OS interface for owners, devices, times and attributes (default: the real one). */
  public CapsuleReader os(LinuxOs os) {
    this.os = Objects.requireNonNull(os, "os");
    return this;
  }

  /**
   * Whether to apply the owners stored in the capsule (default: true, which needs root for
   * owners other than the caller).
   */
  public CapsuleReader owners(boolean owners) {
    this.owners = owners;
    return this;
  }

  /** Calls {@code consumer} for every entry, in archive order; returns the number of entries. */
  public long list(Consumer<CapsuleEntry> consumer) throws IOException {
    NewcReader reader = new NewcReader(CompressionStreams.decompressing(in));
    long count = 0;
    NewcHeader header;
    while ((header = reader.next()) != null) {
      String linkTarget =
          header.type() == Newc.S_IFLNK
              ? RawNames.display(reader.readAllData(65536))
              : "";
      consumer.accept(
          new CapsuleEntry(
              RawNames.display(header.name()),
              type(header.type()),
              header.permissions(),
              header.uid(),
              header.gid(),
              header.mtime(),
              header.fileSize(),
              header.inode(),
              header.nlink(),
              header.rdevMajor(),
              header.rdevMinor(),
              linkTarget));
      count++;
    }
    return count;
  }

  /**
   * Extracts into {@code target} (created if missing), applying owners, permissions, times,
   * devices, hard links and the attribute manifest. Entries that would land outside the target
   * stop the extraction with an {@link UnsafeEntryException}; a truncated or corrupt capsule
   * with a {@link CapsuleFormatException}. In both cases what was extracted before stays.
   */
  public ExtractResult extractTo(Path target) throws IOException {
    Files.createDirectories(target);
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("extraction target is not a directory: " + target);
    }
    Path real = target.toRealPath();
    LinuxOs linuxOs = os != null ? os : JnaLinuxOs.load();
    NewcReader reader = new NewcReader(CompressionStreams.decompressing(in));
    return new Extractor(real, linuxOs, NativeCalls.load(), RawNames.forThisJvm(), owners, events)
        .extract(reader);
  }

  private static CapsuleEntry.Type type(int type) {
    return switch (type) {
      case Newc.S_IFDIR -> CapsuleEntry.Type.DIRECTORY;
      case Newc.S_IFLNK -> CapsuleEntry.Type.SYMLINK;
      case Newc.S_IFCHR -> CapsuleEntry.Type.CHARACTER_DEVICE;
      case Newc.S_IFBLK -> CapsuleEntry.Type.BLOCK_DEVICE;
      case Newc.S_IFIFO -> CapsuleEntry.Type.FIFO;
      case Newc.S_IFSOCK -> CapsuleEntry.Type.SOCKET;
      case Newc.S_IFREG -> CapsuleEntry.Type.FILE;
      default -> throw new CapsuleFormatException(
          "corrupt capsule: unknown file type " + Integer.toOctalString(type));
    };
  }

}

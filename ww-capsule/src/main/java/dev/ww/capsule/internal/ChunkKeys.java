package dev.ww.capsule.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The key of a chunk: SHA-256 of everything that determines its compressed bytes without
 * reading file data. That is the compression's identity, the chunk's range of each record,
 * every header (name, mode, owner, size, mtime, inode number, links), inline data, and for
 * file data the file's device, inode, size and nanosecond modification and status-change
 * times. Equal keys mean equal bytes as long as a file whose status-change time is unchanged
 * has unchanged content, which {@link #trusted} decides.
 */
public final class ChunkKeys {

  /** Status changes this close before a build's scan started may have been missed by it. */
  static final long RACE_MARGIN_NANOS = 2_000_000_000L;

  private final List<ScannedEntry> records;
  private final byte[] identity;
  private final MessageDigest digest;

  public ChunkKeys(List<ScannedEntry> records, String compressionIdentity) {
    this.records = records;
    this.identity = compressionIdentity.getBytes(StandardCharsets.UTF_8);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  public String key(Chunk chunk) {
    digest.reset();
    digest.update(identity);
    ByteBuffer numbers = ByteBuffer.allocate(8 * 8);
    for (int i = chunk.firstRecord(); i <= chunk.lastRecord(); i++) {
      ScannedEntry record = records.get(i);
      numbers.clear();
      numbers.putLong(chunk.from(i)).putLong(chunk.to(i, record.recordLength()));
      if (record.dataFromFile()) {
        numbers
            .putLong(record.device)
            .putLong(record.hostInode)
            .putLong(record.size)
            .putLong(record.mtimeNanos)
            .putLong(record.ctimeNanos);
      }
      digest.update(numbers.array(), 0, numbers.position());
      digest.update(Newc.headerBytes(record.header()));
      if (record.content != null) {
        digest.update(record.content);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Whether every file whose data the chunk holds last changed status well before {@code
   * scanStartNanos} (the previous build's start), so that the previous build saw its final
   * content.
   */
  public boolean trusted(Chunk chunk, long scanStartNanos) {
    for (int i = chunk.firstRecord(); i <= chunk.lastRecord(); i++) {
      ScannedEntry record = records.get(i);
      if (record.dataFromFile() && record.ctimeNanos > scanStartNanos - RACE_MARGIN_NANOS) {
        return false;
      }
    }
    return true;
  }
}

package dev.ww.capsule.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the archive into chunks whose boundaries depend on the content around them, not on
 * their position, so that a change in one place of the tree leaves the other chunks as they
 * were and a rebuild can reuse their compressed form.
 *
 * <ul>
 *   <li>A record of at least half the average chunk size (a large file) gets chunks of its own:
 *       pieces of {@code average} bytes counted from its own start.
 *   <li>Smaller records are grouped. Once a group holds a quarter of the average, it ends after
 *       a record with a probability proportional to the record's length, decided by a hash of
 *       the record's name (so the same name and size always decide the same way); a group
 *       never grows past twice the average.
 * </ul>
 */
public final class Chunker {

  private final long average;
  private final long minimum;
  private final long maximum;
  private final double rate;

  public Chunker(long average) {
    if (average < 1024) {
      throw new IllegalArgumentException("average chunk too small: " + average);
    }
    this.average = average;
    this.minimum = average / 4;
    this.maximum = average * 2;
    this.rate = average - minimum;
  }

  /** The largest chunk this chunker makes: a group just under the maximum plus one record. */
  public long maximumChunk() {
    return maximum + average / 2;
  }

  public List<Chunk> split(List<ScannedEntry> records) {
    List<Chunk> chunks = new ArrayList<>();
    int groupStart = -1;
    long groupLength = 0;
    for (int i = 0; i < records.size(); i++) {
      ScannedEntry record = records.get(i);
      long length = record.recordLength();
      if (length >= average / 2) {
        if (groupStart >= 0) {
          chunks.add(group(groupStart, i - 1, groupLength, records));
          groupStart = -1;
          groupLength = 0;
        }
        for (long offset = 0; offset < length; offset += average) {
          long end = Math.min(length, offset + average);
          chunks.add(new Chunk(i, offset, i, end, end - offset));
        }
        continue;
      }
      if (groupStart < 0) {
        groupStart = i;
      }
      groupLength += length;
      if (groupLength >= maximum || (groupLength >= minimum && cutsAfter(record, length))) {
        chunks.add(group(groupStart, i, groupLength, records));
        groupStart = -1;
        groupLength = 0;
      }
    }
    if (groupStart >= 0) {
      chunks.add(group(groupStart, records.size() - 1, groupLength, records));
    }
    return chunks;
  }

  private boolean cutsAfter(ScannedEntry record, long length) {
    double probability = length / rate;
    double draw = (NameHash.hash64(record.name) >>> 11) * 0x1.0p-53;
    return draw < probability;
  }

  private static Chunk group(int first, int last, long length, List<ScannedEntry> records) {
    return new Chunk(first, 0, last, records.get(last).recordLength(), length);
  }
}

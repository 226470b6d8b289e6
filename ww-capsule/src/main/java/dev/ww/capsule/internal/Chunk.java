package dev.ww.capsule.internal;

/**
 * A contiguous stretch of the uncompressed archive, compressed as one unit. It starts at byte
 * {@code firstOffset} of record {@code firstRecord} and ends before byte {@code endOffset} of
 * record {@code lastRecord} (records are the plan's entries plus the trailer; offsets count
 * from the start of a record's header).
 */
public record Chunk(int firstRecord, long firstOffset, int lastRecord, long endOffset, long length) {

  public Chunk {
    if (firstRecord < 0 || lastRecord < firstRecord || firstOffset < 0 || endOffset < 0
        || length <= 0) {
      throw new IllegalArgumentException(
          "bad chunk " + firstRecord + ":" + firstOffset + ".." + lastRecord + ":" + endOffset);
    }
  }

  /** Where record {@code index} starts to be part of this chunk. */
  long from(int index) {
    return index == firstRecord ? firstOffset : 0;
  }

  /** Where record {@code index} stops being part of this chunk, given its full length. */
  long to(int index, long recordLength) {
    return index == lastRecord ? endOffset : recordLength;
  }
}

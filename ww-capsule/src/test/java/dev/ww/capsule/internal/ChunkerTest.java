package dev.ww.capsule.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  private static final int AVERAGE = 64 * 1024;

  @Test
  void split_coversEveryByteOnceInOrder() {
    List<ScannedEntry> records = tree(3000, 1);
    List<Chunk> chunks = new Chunker(AVERAGE).split(records);
    long total = records.stream().mapToLong(ScannedEntry::recordLength).sum();
    assertThat(chunks.stream().mapToLong(Chunk::length).sum()).isEqualTo(total);
    int record = 0;
    long offset = 0;
    for (Chunk chunk : chunks) {
      assertThat(chunk.firstRecord()).isEqualTo(record);
      assertThat(chunk.firstOffset()).isEqualTo(offset);
      long length = 0;
      for (int i = chunk.firstRecord(); i <= chunk.lastRecord(); i++) {
        length += chunk.to(i, records.get(i).recordLength()) - chunk.from(i);
      }
      assertThat(length).isEqualTo(chunk.length());
      boolean endsRecord = chunk.endOffset() == records.get(chunk.lastRecord()).recordLength();
      record = endsRecord ? chunk.lastRecord() + 1 : chunk.lastRecord();
      offset = endsRecord ? 0 : chunk.endOffset();
    }
    assertThat(record).isEqualTo(records.size());
  }

  @Test
  void split_largeRecord_getsPiecesCountedFromItsOwnStart() {
    List<ScannedEntry> records = new ArrayList<>(tree(50, 2));
    ScannedEntry big = file("usr/lib/big.so", 5 * AVERAGE / 2);
    records.add(25, big);
    List<Chunk> pieces =
        new Chunker(AVERAGE).split(records).stream().filter(c -> c.firstRecord() == 25).toList();
    assertThat(pieces).hasSize(3);
    assertThat(pieces.get(0).firstOffset()).isZero();
    assertThat(pieces.get(1).firstOffset()).isEqualTo(AVERAGE);
    assertThat(pieces.get(2).endOffset()).isEqualTo(big.recordLength());
    assertThat(pieces).allMatch(c -> c.lastRecord() == 25);
  }

  @Test
  void split_neverMakesAChunkLargerThanItsMaximum() {
    Chunker chunker = new Chunker(AVERAGE);
    assertThat(chunker.split(tree(20000, 3)))
        .allMatch(chunk -> chunk.length() <= chunker.maximumChunk());
  }

  @Test
  void split_afterAnInsertion_leavesChunksAwayFromItUnchanged() {
    List<ScannedEntry> before = tree(4000, 4);
    List<ScannedEntry> after = new ArrayList<>(before);
    after.add(2000, file(name(before.get(1999)) + "-new", 3000));
    List<String> old = describe(before, new Chunker(AVERAGE).split(before));
    List<String> changed = describe(after, new Chunker(AVERAGE).split(after));
    List<String> kept = new ArrayList<>(changed);
    kept.retainAll(old);
    assertThat(old.size()).isGreaterThan(40);
    assertThat(changed.size() - kept.size()).isBetween(1, 3);
  }

  /** A chunk by the names and ranges it holds, independent of record indexes. */
  private static List<String> describe(List<ScannedEntry> records, List<Chunk> chunks) {
    List<String> described = new ArrayList<>();
    for (Chunk chunk : chunks) {
      described.add(
          name(records.get(chunk.firstRecord())) + "@" + chunk.firstOffset() + ".."
              + name(records.get(chunk.lastRecord())) + "@" + chunk.endOffset() + "/" + chunk.length());
    }
    return described;
  }

  private static String name(ScannedEntry entry) {
    return new String(entry.name, StandardCharsets.UTF_8);
  }

  private static List<ScannedEntry> tree(int files, long seed) {
    Random random = new Random(seed);
    List<ScannedEntry> records = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      records.add(file(String.format("usr/share/f%06d", i * 2), random.nextInt(8000)));
    }
    records.add(ScannedEntry.trailer());
    return records;
  }

  private static ScannedEntry file(String name, long size) {
    ScannedEntry entry =
        new ScannedEntry(
            name.getBytes(StandardCharsets.UTF_8), null, Newc.S_IFREG | 0644, 0, 0, size, 0, 0,
            1, 1, 1, null, List.of(), 0, 0);
    entry.nlink = 1;
    return entry;
  }
}

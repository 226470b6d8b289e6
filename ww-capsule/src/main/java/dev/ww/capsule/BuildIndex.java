package dev.ww.capsule;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * What a capsule build leaves for the next build of the same tree: how each chunk of the
 * capsule was made and where its compressed bytes lie. Give it back with
 * {@link CapsuleWriter#reuse(BuildIndex, CapsuleSource)} and the writer copies the chunks whose
 * inputs did not change instead of reading and compressing them again; the capsule is
 * byte-for-byte what a clean build writes. Stored as JSON ({@link #write}, {@link #read}).
 *
 * @param version the index format, {@link #VERSION}
 * @param compression the identity of the compression (format, level, library, its output)
 * @param sha256 SHA-256 of the capsule, lower-case hex
 * @param size bytes of the capsule
 * @param scanStartNanos wall-clock time the build started scanning the tree, in nanoseconds
 *     since the epoch: files whose status changed later than shortly before it are never
 *     trusted to be unchanged
 * @param chunks the capsule's chunks, in order
 */
public record BuildIndex(
    int version, String compression, String sha256, long size, long scanStartNanos,
    List<ChunkRecord> chunks) {

  /** The only index format this version reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

  /**
   * One chunk.
   *
   * @param key SHA-256 of what went into the chunk (headers, inline data, and for file data
   *     the file's identity, size and change times), lower-case hex
   * @param offset where its compressed bytes start in the capsule
   * @param length how many compressed bytes it has
   * @param crc32c CRC-32C of those bytes, checked before they are reused
   */
  public record ChunkRecord(String key, long offset, long length, int crc32c) {
    public ChunkRecord {
      Objects.requireNonNull(key, "key");
      if (offset < 0 || length <= 0) {
        throw new IllegalArgumentException("bad chunk record at " + offset + " length " + length);
      }
    }
  }

  public BuildIndex {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(sha256, "sha256");
    chunks = List.copyOf(chunks);
  }

  /** Writes the index as JSON; {@code out} stays open. */
  public void write(OutputStream out) throws IOException {
    JSON.writeValue(out, this);
  }

  /**
   * Reads an index; one this version cannot use (another format version, unreadable JSON) is
   * reported as a {@link CapsuleFormatException}, and callers usually build without it.
   */
  public static BuildIndex read(InputStream in) throws IOException {
    BuildIndex index;
    try {
      index = JSON.readValue(in, BuildIndex.class);
    } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
      throw new CapsuleFormatException("unreadable capsule build index: " + e.getMessage());
    }
    if (index.version() != VERSION) {
      throw new CapsuleFormatException(
          "capsule build index has format " + index.version() + ", this version reads " + VERSION);
    }
    return index;
  }
}

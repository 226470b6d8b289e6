package dev.ww.capsule;

import java.time.Duration;
import java.util.Objects;

/**
 * What writing a capsule produced.
 *
 * @param entries archive entries written (the attribute manifest and hybrid links included)
 * @param archiveBytes size of the uncompressed newc archive
 * @param compressedBytes size of the stream written (equal to archiveBytes without compression)
 * @param sha256 SHA-256 of the stream written, lower-case hex
 * @param excluded paths left out by excludes (each counts once, whatever lies below it)
 * @param hybridized paths left out by hybridize because no hybrid path is set
 * @param hybridLinks hybridized paths written as symlinks into the hybrid path
 * @param skipped entries skipped because a capsule cannot hold them (sockets), or vanished
 * @param chunks chunks the capsule is made of
 * @param reusedChunks chunks copied from the previous build instead of compressed
 * @param compressor what compressed it ({@code libdeflate}, {@code zlib}, {@code zstd-jni}, ...)
 * @param index what the next build of this tree can reuse; keep it with the capsule
 * @param elapsed wall time of the whole write
 */
public record CapsuleWriteResult(
    long entries,
    long archiveBytes,
    long compressedBytes,
    String sha256,
    long excluded,
    long hybridized,
    long hybridLinks,
    long skipped,
    long chunks,
    long reusedChunks,
    String compressor,
    BuildIndex index,
    Duration elapsed) {

  public CapsuleWriteResult {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(compressor, "compressor");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}

package dev.ww.capsule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental build (reusing the chunks of the build before) writes exactly the bytes of a
 * clean build of the changed tree, for every compression, and reuses most of the work.
 */
class CapsuleIncrementalIT {

  @TempDir Path work;
  private Path tree;

  @BeforeEach
  void makeTree() throws Exception {
    RealSystem.requireRoot();
    tree = work.resolve("tree");
    Random random = new Random(42);
    for (int d = 0; d < 40; d++) {
      Path directory = Files.createDirectories(tree.resolve("usr/share/pkg" + d));
      for (int f = 0; f < 60; f++) {
        Files.write(directory.resolve("file" + f + ".txt"), text(random, 2000 + random.nextInt(30000)));
      }
      Files.createSymbolicLink(directory.resolve("link"), Path.of("file0.txt"));
    }
    Path lib = Files.createDirectories(tree.resolve("usr/lib"));
    for (int i = 0; i < 4; i++) {
      Files.write(lib.resolve("big" + i + ".so"), binary(random, 3_000_000 + i * 777_777));
    }
    Files.createDirectories(tree.resolve("sbin"));
    Files.write(tree.resolve("sbin/init"), "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII));
    // the first build only trusts files whose status changed a while before it started
    Thread.sleep(2500);
  }

  @Test
  void rebuildAfterChanges_equalsCleanBuild_forEveryCompression() throws Exception {
    for (Compression compression :
        new Compression[] {
          Compression.gzip(), Compression.of(Compression.Format.ZSTD),
          new Compression(Compression.Format.XZ, 1), Compression.none()
        }) {
      Path first = work.resolve("first-" + compression.format());
      CapsuleWriteResult before = write(first, compression, null);
      assertThat(before.chunks()).as(compression + " chunks").isGreaterThan(4);
      assertThat(before.reusedChunks()).isZero();

      Path changed = copyTree(compression.format().name());
      Path again = work.resolve("again-" + compression.format());
      Path firstOfCopy = work.resolve("first-copy-" + compression.format());
      Thread.sleep(2500);
      CapsuleWriteResult baseline = write(firstOfCopy, compression, null, changed);
      installPackage(changed);

      CapsuleWriteResult incremental = write(again, compression, baseline.index(), changed, firstOfCopy);
      CapsuleWriteResult clean = write(work.resolve("clean-" + compression.format()), compression, null, changed);

      assertThat(Files.readAllBytes(again))
          .as(compression + ": incremental bytes equal clean bytes")
          .isEqualTo(Files.readAllBytes(work.resolve("clean-" + compression.format())));
      assertThat(incremental.sha256()).isEqualTo(clean.sha256());
      // six changes spread over the tree: with 1 MiB gzip chunks most of the tree is reused;
      // zstd and xz chunks are 8 MiB, so in this 40 MB tree fewer are left untouched
      long expected = compression.format() == Compression.Format.GZIP ? incremental.chunks() / 2 : 1;
      assertThat(incremental.reusedChunks())
          .as(compression + ": reused " + incremental.reusedChunks() + " of " + incremental.chunks())
          .isGreaterThanOrEqualTo(expected)
          .isLessThan(incremental.chunks());
    }
  }

  @Test
  void rebuild_withoutChanges_reusesEveryChunk_andGnuToolsReadTheResult() throws Exception {
    RealSystem.requireProgram("cpio");
    RealSystem.requireProgram("busybox");
    Path first = work.resolve("first.vnfs");
    CapsuleWriteResult before = write(first, Compression.gzip(), null);
    Path second = work.resolve("second.vnfs");
    CapsuleWriteResult after = write(second, Compression.gzip(), before.index(), tree, first);
    assertThat(after.reusedChunks()).isEqualTo(after.chunks());
    assertThat(after.sha256()).isEqualTo(before.sha256());
    String gnu = RealSystem.sh(work, "gzip -dc second.vnfs | cpio -it --quiet | wc -l").strip();
    String busybox = RealSystem.sh(work, "busybox gunzip -c second.vnfs | busybox cpio -t 2>/dev/null | wc -l").strip();
    assertThat(Long.parseLong(gnu)).isEqualTo(after.entries());
    assertThat(Long.parseLong(busybox)).isEqualTo(after.entries());
  }

  @Test
  void rebuild_fromACorruptedPreviousCapsule_warnsAndStillWritesTheCleanBytes() throws Exception {
    Path first = work.resolve("first.vnfs");
    CapsuleWriteResult before = write(first, Compression.gzip(), null);
    byte[] damaged = Files.readAllBytes(first);
    damaged[damaged.length / 2] ^= 0x55;
    Files.write(first, damaged);
    List<String> warnings = new ArrayList<>();
    EventHandlers events =
        EventHandlers.builder()
            .add(LogEvent.class, e -> {
              if (e.level() == LogEvent.Level.WARN) {
                warnings.add(e.message());
              }
            })
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CapsuleWriteResult after =
        Capsule.fromTree(tree).events(events).reuse(before.index(), () -> Files.newInputStream(first)).writeTo(out);
    assertThat(after.sha256()).isEqualTo(before.sha256());
    assertThat(after.reusedChunks()).isLessThan(after.chunks());
    assertThat(warnings).anyMatch(w -> w.contains("does not match its build index"));
  }

  @Test
  void rebuild_withOtherCompressionSettings_reusesNothing() throws Exception {
    Path first = work.resolve("first.vnfs");
    CapsuleWriteResult before = write(first, Compression.gzip(), null);
    CapsuleWriteResult other =
        write(work.resolve("other.vnfs"), new Compression(Compression.Format.GZIP, 5), before.index(), tree, first);
    assertThat(other.reusedChunks()).isZero();
  }

  @Test
  void buildIndex_roundTripsThroughItsFileFormat() throws Exception {
    CapsuleWriteResult result = write(work.resolve("a.vnfs"), Compression.gzip(), null);
    ByteArrayOutputStream saved = new ByteArrayOutputStream();
    result.index().write(saved);
    assertThat(BuildIndex.read(new java.io.ByteArrayInputStream(saved.toByteArray())))
        .isEqualTo(result.index());
  }

  /** Adds a package's worth of files, modifies, removes and re-permissions others. */
  private static void installPackage(Path root) throws IOException {
    Random random = new Random(7);
    Path docs = Files.createDirectories(root.resolve("usr/share/pkg17/newpkg"));
    for (int i = 0; i < 30; i++) {
      Files.write(docs.resolve("doc" + i), text(random, 5000));
    }
    Files.write(root.resolve("usr/share/pkg3/file7.txt"), text(random, 9000));
    Files.delete(root.resolve("usr/share/pkg30/file12.txt"));
    Files.setPosixFilePermissions(
        root.resolve("usr/share/pkg25/file1.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setLastModifiedTime(root.resolve("usr/lib/big2.so"), FileTime.fromMillis(1_600_000_000_000L));
    Files.write(root.resolve("usr/bin-newtool"), binary(random, 200_000));
  }

  private Path copyTree(String suffix) throws Exception {
    Path copy = work.resolve("tree-" + suffix);
    RealSystem.sh(work, "cp -a tree " + copy.getFileName());
    return copy;
  }

  private CapsuleWriteResult write(Path output, Compression compression, BuildIndex previous)
      throws IOException {
    return write(output, compression, previous, tree, null);
  }

  private CapsuleWriteResult write(Path output, Compression compression, BuildIndex previous, Path root)
      throws IOException {
    return write(output, compression, previous, root, null);
  }

  private static CapsuleWriteResult write(
      Path output, Compression compression, BuildIndex previous, Path root, Path previousCapsule)
      throws IOException {
    CapsuleWriter writer = Capsule.fromTree(root).compression(compression).threads(2);
    if (previous != null) {
      writer.reuse(previous, () -> Files.newInputStream(previousCapsule));
    }
    try (OutputStream out = Files.newOutputStream(output)) {
      return writer.writeTo(out);
    }
  }

  private static byte[] text(Random random, int length) {
    StringBuilder text = new StringBuilder(length + 64);
    while (text.length() < length) {
      text.append("option").append(random.nextInt(300)).append(" = value ").append(random.nextInt(90)).append('\n');
    }
    return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] binary(Random random, int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (i % 7 == 0 ? random.nextInt(256) : (i / 64) % 251);
    }
    return data;
  }

  static long count(InputStream in) throws IOException {
    return in.transferTo(OutputStream.nullOutputStream());
  }
}

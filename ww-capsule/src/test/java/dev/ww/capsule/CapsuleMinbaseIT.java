package dev.ww.capsule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.os.JnaLinuxOs;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Debian minbase root, packed, unpacked by GNU cpio and by our reader, compared. */
class CapsuleMinbaseIT {

  @TempDir Path work;

  @Test
  void minbaseRoot_roundTripsThroughGnuCpioAndOurReader_andIsReproducible() throws Exception {
    Path root = MinbaseRoot.get();
    RealSystem.requireProgram("cpio");
    Path capsule = work.resolve("minbase.vnfs");
    CapsuleWriteResult result;
    try (OutputStream out = Files.newOutputStream(capsule)) {
      result = Capsule.fromTree(root).writeTo(out);
    }
    assertThat(result.entries()).isGreaterThan(3000);
    try (OutputStream again = OutputStream.nullOutputStream()) {
      assertThat(Capsule.fromTree(root).writeTo(again).sha256()).isEqualTo(result.sha256());
    }

    Map<String, String> expected = TreeSnapshot.of(root, Set.of(), true);

    Path ours = work.resolve("ours");
    try (InputStream in = Files.newInputStream(capsule)) {
      Capsule.reader(in).os(JnaLinuxOs.load()).extractTo(ours);
    }
    assertThat(TreeSnapshot.differences(expected, TreeSnapshot.of(ours, Set.of(), true))).isEmpty();

    Path gnu = Files.createDirectory(work.resolve("gnu"));
    RealSystem.sh(gnu, "gzip -dc " + capsule + " | cpio -idm --no-absolute-filenames --quiet");
    Map<String, String> gnuSnapshot = TreeSnapshot.of(gnu, Set.of(".ww-xattrs"), false);
    Map<String, String> expectedForGnu = TreeSnapshot.of(root, Set.of(), false);
    expectedForGnu.remove(".");
    gnuSnapshot.remove(".");
    // GNU cpio sets a directory's time before its contents change it; compare everything else
    assertThat(TreeSnapshot.differences(noDirectoryTimes(expectedForGnu), noDirectoryTimes(gnuSnapshot)))
        .isEmpty();
  }

  @Test
  void minbaseRoot_rebuildAfterInstallingAPackage_equalsCleanBuild() throws Exception {
    Path root = MinbaseRoot.get();
    RealSystem.requireProgram("dpkg-deb");
    RealSystem.requireProgram("apt-get");
    Path deb = MinbaseRoot.packageFile("nano");
    Path copy = work.resolve("root");
    RealSystem.sh(work, "cp -a " + root + " " + copy);
    Thread.sleep(2500); // files changed just before a build are never trusted to be unchanged
    Path first = work.resolve("first.vnfs");
    CapsuleWriteResult before;
    try (OutputStream out = Files.newOutputStream(first)) {
      before = Capsule.fromTree(copy).writeTo(out);
    }
    RealSystem.sh(work, "dpkg-deb -x " + deb + " " + copy);

    CapsuleWriteResult incremental;
    try (OutputStream out = OutputStream.nullOutputStream()) {
      incremental =
          Capsule.fromTree(copy).reuse(before.index(), () -> Files.newInputStream(first)).writeTo(out);
    }
    CapsuleWriteResult clean;
    try (OutputStream out = OutputStream.nullOutputStream()) {
      clean = Capsule.fromTree(copy).writeTo(out);
    }
    assertThat(incremental.sha256()).isEqualTo(clean.sha256()).isNotEqualTo(before.sha256());
    assertThat(incremental.entries()).isGreaterThan(before.entries());
    assertThat(incremental.reusedChunks())
        .as("reused " + incremental.reusedChunks() + " of " + incremental.chunks())
        .isGreaterThan(incremental.chunks() * 3 / 4)
        .isLessThan(incremental.chunks());
  }

  private static Map<String, String> noDirectoryTimes(Map<String, String> snapshot) {
    Map<String, String> result = new java.util.TreeMap<>();
    snapshot.forEach(
        (name, text) ->
            result.put(name, text.startsWith("mode=40") ? text.replaceAll(" mtime=\\d+", "") : text));
    return result;
  }
}

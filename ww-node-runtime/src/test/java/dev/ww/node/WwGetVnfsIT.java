package dev.ww.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.capsule.Capsule;
import dev.ww.capsule.Compression;
import dev.ww.provision.Blob;
import dev.ww.provision.CapsuleImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WwGetVnfsIT {

  @TempDir Path dir;
  NodeFixture fx;
  Path image;
  Path capsule;
  String sha;

  @BeforeEach
  void setUp() throws Exception {
    fx = new NodeFixture(dir);
    image = Files.createDirectories(dir.resolve("image"));
    write("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0, 0);
    write("etc/app.conf", "secret=1\n", 0640, 1234, 2345);
    write("usr/bin/tool", "#!/bin/sh\necho tool\n", 04755, 0, 0);
    write("sbin/init", "#!/bin/sh\n", 0755, 0, 0);
    Files.createSymbolicLink(image.resolve("usr/bin/tool-link"), Path.of("tool"));
    write("usr/lib/a", "shared data\n", 0644, 0, 0);
    Files.createLink(image.resolve("usr/lib/b"), image.resolve("usr/lib/a"));
    Files.createDirectories(image.resolve("var/empty"));
    Files.setAttribute(image.resolve("var/empty"), "unix:mode", 0711);
    Files.createDirectories(image.resolve("dev"));
    Files.createDirectories(image.resolve("proc"));
    sh("mkfifo " + image.resolve("etc/initctl"));
    capsule = dir.resolve("capsule.vnfs");
    try (OutputStream out = Files.newOutputStream(capsule)) {
      sha = Capsule.fromTree(image).writeTo(out).sha256();
    }
    fx.catalog.put(new CapsuleImage("c1", "compute", new Blob(capsule, Files.size(capsule), sha, Instant.now())));
    fx.catalog.put(NodeFixture.node().capsule("c1").build());
    fx.start();

    sh("cp -a " + image + "/. " + fx.root + "/");
    fx.config(fx.port());
    // Drift on the running node:
    Files.writeString(fx.root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nintruder:x:0:0::/:/bin/sh\n");
    Files.setAttribute(fx.root.resolve("etc/app.conf"), "unix:mode", 0600);
    Files.delete(fx.root.resolve("usr/bin/tool-link"));
    Files.writeString(fx.root.resolve("etc/extra.conf"), "extra\n");
    Files.createDirectories(fx.root.resolve("opt/junk"));
    Files.writeString(fx.root.resolve("opt/junk/file"), "junk\n");
    Files.delete(fx.root.resolve("var/empty"));
    Files.writeString(fx.root.resolve("var/empty"), "now a file\n");
    // Protected and excluded paths:
    Files.createDirectories(fx.root.resolve("proc/1"));
    Files.writeString(fx.root.resolve("proc/1/status"), "kernel\n");
    Files.writeString(fx.root.resolve("dev/sda"), "disk\n");
    Files.createDirectories(fx.root.resolve("run"));
    Files.writeString(fx.root.resolve("run/pid"), "1\n");
    Files.createDirectories(fx.root.resolve("scratch"));
    Files.writeString(fx.root.resolve("scratch/keep"), "user data\n");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void wwgetvnfs_withoutForce_refusesAndChangesNothing() throws Exception {
    NodeFixture.Run r = fx.tool("wwgetvnfs");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--force").contains("--dry-run");
    assertThat(fx.root.resolve("etc/extra.conf")).exists();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--stream", "--copy"})
  void wwgetvnfs_dryRun_listsDifferences_force_makesTreeMatch_protectedUntouched(String transfer) throws Exception {
    NodeFixture.Run dry = fx.tool("wwgetvnfs", "--dry-run", transfer, "--exclude", "/scratch");
    assertThat(dry.exit()).as(dry.err()).isZero();
    List<String> lines = dry.out().lines().toList();
    assertThat(lines).anyMatch(l -> l.startsWith("~ /etc/passwd (size"));
    assertThat(lines).anyMatch(l -> l.startsWith("~ /etc/app.conf (1234:2345 0600 here, 1234:2345 0640"));
    assertThat(lines).anyMatch(l -> l.startsWith("+ /usr/bin/tool-link (symlink)"));
    assertThat(lines).anyMatch(l -> l.startsWith("~ /var/empty (file here, directory in the capsule)"));
    assertThat(lines).contains("- /etc/extra.conf", "- /opt/junk/file", "- /opt/junk", "- /opt");
    assertThat(lines).noneMatch(l -> l.contains("/proc") || l.contains("/dev/") || l.contains("/run")
        || l.contains("/warewulf") || l.contains("/scratch"));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("8 difference(s)");
    assertThat(fx.root.resolve("etc/extra.conf")).exists();

    NodeFixture.Run force = fx.tool("wwgetvnfs", "--force", transfer, "--exclude", "/scratch");
    assertThat(force.exit()).as(force.err()).isZero();
    assertThat(force.out()).contains("8 difference(s)");

    NodeFixture.Run after = fx.tool("wwgetvnfs", "--dry-run", "--exclude", "/scratch");
    assertThat(after.exit()).as(after.err()).isZero();
    assertThat(after.out()).isEqualTo("0 difference(s)\n");
    assertThat(fx.root.resolve("etc/passwd")).hasContent("root:x:0:0::/root:/bin/sh");
    assertThat(Files.readSymbolicLink(fx.root.resolve("usr/bin/tool-link"))).isEqualTo(Path.of("tool"));
    assertThat(Files.getAttribute(fx.root.resolve("usr/bin/tool"), "unix:mode")).isEqualTo(0104755);
    assertThat(Files.getAttribute(fx.root.resolve("usr/lib/a"), "unix:ino"))
        .isEqualTo(Files.getAttribute(fx.root.resolve("usr/lib/b"), "unix:ino"));
    assertThat(Files.isDirectory(fx.root.resolve("var/empty"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(fx.root.resolve("opt")).doesNotExist();
    assertThat(fx.root.resolve("proc/1/status")).hasContent("kernel");
    assertThat(fx.root.resolve("dev/sda")).hasContent("disk");
    assertThat(fx.root.resolve("run/pid")).hasContent("1");
    assertThat(fx.root.resolve("scratch/keep")).hasContent("user data");
    assertThat(fx.root.resolve("warewulf/config")).exists();
    try (var s = Files.list(fx.root)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".ww-vnfs-"));
    }
    assertThat(fx.root.resolve("warewulf/state/capsule.part")).doesNotExist();
  }

  @Test
  void wwgetvnfs_force_replacesOnlyWhatDiffers_inBatchesOfOneFile_hardLinksRelinked() throws Exception {
    Object toolInode = inode("usr/bin/tool");
    Object initctlInode = inode("etc/initctl");
    // The link group: the member b disappears; later the carrier a changes.
    Files.delete(fx.root.resolve("usr/lib/b"));
    NodeFixture.Run force = fx.tool("wwgetvnfs", "--force", "--batch-size", "0", "--exclude", "/scratch");
    assertThat(force.exit()).as(force.err()).isZero();
    assertThat(force.out()).contains("9 difference(s)");
    assertThat(inode("usr/lib/b")).isEqualTo(inode("usr/lib/a"));
    // What did not differ was not touched: same inode.
    assertThat(inode("usr/bin/tool")).isEqualTo(toolInode);
    assertThat(inode("etc/initctl")).isEqualTo(initctlInode);
    assertThat(fx.tool("wwgetvnfs", "--dry-run", "--exclude", "/scratch").out()).isEqualTo("0 difference(s)\n");

    Files.writeString(fx.root.resolve("usr/lib/a"), "changed on the node, both names see it\n");
    NodeFixture.Run again = fx.tool("wwgetvnfs", "--force", "--exclude", "/scratch");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(fx.root.resolve("usr/lib/b")).hasContent("shared data");
    assertThat(inode("usr/lib/b")).isEqualTo(inode("usr/lib/a"));
    assertThat(fx.tool("wwgetvnfs", "--dry-run", "--exclude", "/scratch").out()).isEqualTo("0 difference(s)\n");
    assertThat(fx.root.resolve("scratch/keep")).hasContent("user data");
    try (var st = Files.list(fx.root)) {
      assertThat(st.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".ww-vnfs-"));
    }
  }

  @Test
  void wwgetvnfs_checksum_findsAndRepairsContentChangedWithSameSizeAndTime() throws Exception {
    assertThat(fx.tool("wwgetvnfs", "--force", "--exclude", "/scratch").exit()).isZero();
    Path init = fx.root.resolve("sbin/init");
    var mtime = Files.getLastModifiedTime(init);
    Files.writeString(init, "#!/bin/zz\n");
    Files.setLastModifiedTime(init, mtime);

    assertThat(fx.tool("wwgetvnfs", "--dry-run", "--exclude", "/scratch").out()).isEqualTo("0 difference(s)\n");
    NodeFixture.Run dry = fx.tool("wwgetvnfs", "--dry-run", "--checksum", "--exclude", "/scratch");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).isEqualTo("~ /sbin/init (same size and time, other content)\n1 difference(s)\n");
    assertThat(init).hasContent("#!/bin/zz");

    NodeFixture.Run force = fx.tool("wwgetvnfs", "--force", "--checksum", "--batch-size", "1", "--exclude", "/scratch");
    assertThat(force.exit()).as(force.err()).isZero();
    assertThat(force.out()).contains("1 difference(s): 1 entries applied, 0 removed");
    assertThat(init).hasContent("#!/bin/sh");
    assertThat(fx.tool("wwgetvnfs", "--dry-run", "--checksum", "--exclude", "/scratch").out()).isEqualTo("0 difference(s)\n");
  }

  @Test
  void wwgetvnfs_stream_secondReadingDiffers_entryNotApplied_nextRunRecovers() throws Exception {
    // Uncompressed, so that no compression check stands between a flipped byte and the reader.
    Path plain = dir.resolve("plain.vnfs");
    String plainSha;
    try (OutputStream out = Files.newOutputStream(plain)) {
      plainSha = Capsule.fromTree(image).compression(Compression.none()).writeTo(out).sha256();
    }
    fx.catalog.put(new CapsuleImage("c1", "compute", new Blob(plain, Files.size(plain), plainSha, Instant.now())));
    byte[] bytes = Files.readAllBytes(plain);
    int at = indexOf(bytes, "root:x:0:0::/root:/bin/sh\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(at).isPositive();
    try (FaultServer bad = new FaultServer(fx.port(), FaultServer.Fault.CORRUPT_SECOND_CAPSULE)) {
      bad.corruptAt = at + 3;
      fx.config(bad.port());
      NodeFixture.Run r = fx.tool("wwgetvnfs", "--force", "--stream", "--batch-size", "0", "--exclude", "/scratch");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("entry 'etc/passwd' of the capsule differs from what its first reading verified")
          .doesNotContain("\tat ");
    }
    assertThat(fx.root.resolve("etc/passwd")).content().contains("intruder");
    try (var st = Files.list(fx.root)) {
      assertThat(st.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".ww-vnfs-"));
    }
    fx.config(fx.port());
    assertThat(fx.tool("wwgetvnfs", "--force", "--stream", "--exclude", "/scratch").exit()).isZero();
    assertThat(fx.tool("wwgetvnfs", "--dry-run", "--exclude", "/scratch").out()).isEqualTo("0 difference(s)\n");
    assertThat(fx.root.resolve("etc/passwd")).hasContent("root:x:0:0::/root:/bin/sh");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @ParameterizedTest
  @ValueSource(strings = {"--stream", "--copy"})
  void wwgetvnfs_force_keepsExtendedAttributes_inEveryBatch(String transfer) throws Exception {
    // Two files with attributes, far apart in the archive: with one file per batch, the
    // attribute manifest must reach the reader in both batches.
    xattr(image.resolve("etc/app.conf"), "user.origin", "capsule-a");
    xattr(image.resolve("usr/bin/tool"), "user.origin", "capsule-b");
    Path withAttrs = dir.resolve("xattrs.vnfs");
    String xsha;
    try (OutputStream out = Files.newOutputStream(withAttrs)) {
      xsha = Capsule.fromTree(image).writeTo(out).sha256();
    }
    fx.catalog.put(new CapsuleImage("c1", "compute", new Blob(withAttrs, Files.size(withAttrs), xsha, Instant.now())));
    Files.delete(fx.root.resolve("usr/bin/tool"));
    NodeFixture.Run force = fx.tool("wwgetvnfs", "--force", transfer, "--batch-size", "0", "--exclude", "/scratch");
    assertThat(force.exit()).as(force.err()).isZero();
    assertThat(xattr(fx.root.resolve("etc/app.conf"), "user.origin")).isEqualTo("capsule-a");
    assertThat(xattr(fx.root.resolve("usr/bin/tool"), "user.origin")).isEqualTo("capsule-b");
    assertThat(Files.getAttribute(fx.root.resolve("usr/bin/tool"), "unix:mode")).isEqualTo(0104755);
  }

  private static void xattr(Path p, String name, String value) throws IOException {
    Files.getFileAttributeView(p, java.nio.file.attribute.UserDefinedFileAttributeView.class)
        .write(name.substring("user.".length()), java.nio.ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static String xattr(Path p, String name) throws IOException {
    var view = Files.getFileAttributeView(p, java.nio.file.attribute.UserDefinedFileAttributeView.class);
    String n = name.substring("user.".length());
    if (!view.list().contains(n)) {
      return null;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(view.size(n));
    view.read(n, b);
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  @Test
  void wwgetvnfs_badBatchSize_isUsageError() throws Exception {
    NodeFixture.Run r = fx.tool("wwgetvnfs", "--force", "--batch-size", "lots");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--batch-size needs a size");
  }

  private Object inode(String rel) throws IOException {
    return Files.getAttribute(fx.root.resolve(rel), "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--stream", "--copy"})
  void wwgetvnfs_downloadBreaksOff_resumesWithRange(String transfer) throws Exception {
    try (FaultServer cut = new FaultServer(fx.port(), FaultServer.Fault.CUT_CAPSULE_ONCE)) {
      fx.config(cut.port());
      NodeFixture.Run dry = fx.tool("wwgetvnfs", "--dry-run", transfer, "--exclude", "/scratch");
      assertThat(dry.exit()).as(dry.err()).isZero();
      assertThat(dry.out()).endsWith("8 difference(s)\n");
      long half = Files.size(capsule) / 2;
      assertThat(cut.ranges).containsExactly("bytes=" + half + "-");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"--stream", "--copy"})
  void wwgetvnfs_capsuleNotMatchingItsChecksum_changesNothing(String transfer) throws Exception {
    String wrong = "0".repeat(64);
    fx.catalog.put(new CapsuleImage("c1", "compute", new Blob(capsule, Files.size(capsule), wrong, Instant.now())));
    NodeFixture.Run r = fx.tool("wwgetvnfs", "--force", transfer, "--exclude", "/scratch");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("SHA-256 is " + sha).contains("expected " + wrong).contains("nothing on this node was changed");
    assertThat(fx.root.resolve("etc/extra.conf")).exists();
    assertThat(fx.root.resolve("opt/junk/file")).exists();
    assertThat(fx.root.resolve("etc/passwd")).content().contains("intruder");
  }

  private void write(String rel, String content, int mode, int uid, int gid) throws IOException {
    Path p = image.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    Files.setAttribute(p, "unix:uid", uid);
    Files.setAttribute(p, "unix:gid", gid);
    Files.setAttribute(p, "unix:mode", mode);
  }

  private static void sh(String command) throws Exception {
    NodeFixture.Run r = NodeFixture.exec(List.of("sh", "-c", command), Map.of());
    assertThat(r.exit()).as(r.err()).isZero();
  }
}

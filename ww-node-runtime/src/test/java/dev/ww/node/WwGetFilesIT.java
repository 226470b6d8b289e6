package dev.ww.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.provision.NodeFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WwGetFilesIT {

  @TempDir Path dir;
  NodeFixture fx;

  @BeforeEach
  void setUp() throws IOException {
    fx = new NodeFixture(dir);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private NodeFile file(String id, String path, int uid, int gid, int mode, NodeFile.Kind kind, String format,
      Optional<byte[]> content, Instant t) throws IOException {
    return new NodeFile(id, id, path, uid, gid, mode, kind, format, t,
        content.isPresent() ? Optional.of(fx.blob(content.get(), t)) : Optional.empty());
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    b[0] = 0; // binary
    return b;
  }

  private void everyType() throws IOException {
    Instant t = NodeFixture.T0.plusSeconds(10);
    fx.catalog.put(file("f-motd", "/etc/motd", 0, 0, 0644, NodeFile.Kind.REGULAR, "data",
        Optional.of("hello %{NAME}\n".getBytes(StandardCharsets.UTF_8)), t));
    fx.catalog.put(file("f-tool", "/usr/local/bin/tool", 0, 0, 04755, NodeFile.Kind.REGULAR, "binary",
        Optional.of(random(300_000, 1)), t.plusSeconds(1)));
    fx.catalog.put(file("f-secret", "/etc/app/secret.conf", 1234, 2345, 0640, NodeFile.Kind.REGULAR, "data",
        Optional.of("token=abc\n".getBytes(StandardCharsets.UTF_8)), t.plusSeconds(2)));
    fx.catalog.put(file("f-space", "/etc/my file.conf", 0, 0, 0600, NodeFile.Kind.REGULAR, "data",
        Optional.of("spaced\n".getBytes(StandardCharsets.UTF_8)), t.plusSeconds(3)));
    fx.catalog.put(file("d-data", "/srv/data", 1234, 2345, 02750, NodeFile.Kind.DIRECTORY, "data",
        Optional.empty(), t.plusSeconds(4)));
    fx.catalog.put(file("l-tool", "/usr/local/bin/tool-link", 1234, 2345, 0777, NodeFile.Kind.SYMLINK, "data",
        Optional.of("/usr/local/bin/tool".getBytes(StandardCharsets.UTF_8)), t.plusSeconds(5)));
    fx.catalog.put(NodeFixture.node()
        .files(List.of("f-motd", "f-tool", "f-secret", "f-space", "d-data", "l-tool", "dynamic_hosts"))
        .build());
  }

  @Test
  void wwgetfiles_everyType_matchesCatalogModesOwnersContents_thenNothingToDo() throws Exception {
    everyType();
    fx.start();
    fx.config(fx.port());
    NodeFixture.Run r = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("7 file(s) updated");

    Path root = fx.root;
    assertThat(root.resolve("etc/motd")).hasContent("hello n1");
    assertThat(root.resolve("etc/hosts")).content().contains("n1.cluster.test");
    assertThat(root.resolve("etc/my file.conf")).hasContent("spaced");
    for (String id : List.of("f-motd", "f-tool", "f-secret", "f-space", "d-data", "l-tool")) {
      NodeFile f = fx.catalog.file(id).orElseThrow();
      Path p = root.resolve(f.path().substring(1));
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(id).isEqualTo(f.uid());
      assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(id).isEqualTo(f.gid());
      if (f.kind() == NodeFile.Kind.REGULAR) {
        assertThat(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).as(id).isTrue();
        assertThat(mode & 07777).as(id).isEqualTo(f.mode());
        if (f.binary() || id.equals("f-secret") || id.equals("f-space")) {
          assertThat(Files.readAllBytes(p)).as(id).isEqualTo(Files.readAllBytes(f.content().get().path()));
        }
      } else if (f.kind() == NodeFile.Kind.DIRECTORY) {
        assertThat(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).as(id).isTrue();
        assertThat(mode & 07777).as(id).isEqualTo(f.mode());
      } else {
        assertThat(Files.readSymbolicLink(p)).as(id).isEqualTo(Path.of("/usr/local/bin/tool"));
      }
    }
    assertThat(Files.getAttribute(root.resolve("usr/local/bin/tool"), "lastModifiedTime").toString())
        .isEqualTo("2026-01-01T00:00:11Z");
    assertNoTemporaryFiles();

    NodeFixture.Run again = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).isEmpty();

    fx.catalog.put(file("f-motd", "/etc/motd", 0, 0, 0600, NodeFile.Kind.REGULAR, "data",
        Optional.of("changed %{NAME}\n".getBytes(StandardCharsets.UTF_8)), Instant.now().plusSeconds(100)));
    NodeFixture.Run changed = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(changed.exit()).as(changed.err()).isZero();
    assertThat(changed.out()).contains("1 file(s) updated");
    assertThat(root.resolve("etc/motd")).hasContent("changed n1");
    assertThat(Files.getAttribute(root.resolve("etc/motd"), "unix:mode")).isEqualTo(0100600);
  }

  @Test
  void wwgetfiles_devicesAndFifos_exactTypeNumbersModeOwner_renumberedIsReplacedAtomically() throws Exception {
    Instant t = NodeFixture.T0.plusSeconds(10);
    fx.catalog.put(NodeFile.special("c-null", "/dev/mynull", 1234, 2345, 0666, NodeFile.Kind.CHARACTER_DEVICE, t, 1, 3));
    fx.catalog.put(NodeFile.special("b-loop", "/dev/myloop", 0, 6, 02660, NodeFile.Kind.BLOCK_DEVICE, t.plusSeconds(1), 7, 0));
    fx.catalog.put(NodeFile.special("p-ctl", "/run/app/ctl", 1234, 2345, 0620, NodeFile.Kind.FIFO, t.plusSeconds(2), 0, 0));
    fx.catalog.put(NodeFixture.node().files(List.of("c-null", "b-loop", "p-ctl")).build());
    Files.createDirectories(fx.root.resolve("dev"));
    Files.writeString(fx.root.resolve("dev/mynull"), "a regular file in the way\n");
    fx.start();
    fx.config(fx.port());

    NodeFixture.Run r = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("3 file(s) updated");
    assertSpecial("dev/mynull", 0020000, 0666, 1234, 2345, 1, 3);
    assertSpecial("dev/myloop", 0060000, 02660, 0, 6, 7, 0);
    assertSpecial("run/app/ctl", 0010000, 0620, 1234, 2345, 0, 0);
    assertThat(Files.getLastModifiedTime(fx.root.resolve("dev/myloop"), LinkOption.NOFOLLOW_LINKS).toInstant())
        .isEqualTo(t.plusSeconds(1));
    assertNoTemporaryFiles();
    assertThat(fx.tool("wwgetfiles", "--delay", "0").out()).isEmpty();

    Object inode = Files.getAttribute(fx.root.resolve("dev/myloop"), "unix:ino", LinkOption.NOFOLLOW_LINKS);
    fx.catalog.put(NodeFile.special("b-loop", "/dev/myloop", 0, 6, 0640, NodeFile.Kind.BLOCK_DEVICE, Instant.now().plusSeconds(100), 7, 1));
    NodeFixture.Run renumbered = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(renumbered.exit()).as(renumbered.err()).isZero();
    assertThat(renumbered.out()).contains("1 file(s) updated");
    assertSpecial("dev/myloop", 0060000, 0640, 0, 6, 7, 1);
    assertThat(Files.getAttribute(fx.root.resolve("dev/myloop"), "unix:ino", LinkOption.NOFOLLOW_LINKS)).isNotEqualTo(inode);
    assertNoTemporaryFiles();
  }

  private void assertSpecial(String rel, int type, int perms, int uid, int gid, long major, long minor) throws IOException {
    Path p = fx.root.resolve(rel);
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    assertThat(mode & 0170000).as(rel + " type").isEqualTo(type);
    assertThat(mode & 07777).as(rel + " mode").isEqualTo(perms);
    assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(rel).isEqualTo(uid);
    assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(rel).isEqualTo(gid);
    long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    assertThat(((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)).as(rel + " major").isEqualTo(major);
    assertThat((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)).as(rel + " minor").isEqualTo(minor);
  }

  @Test
  void wwgetfiles_restoresWhatWasRemovedLocally_forceAlsoWhatWasChanged() throws Exception {
    everyType();
    fx.start();
    fx.config(fx.port());
    assertThat(fx.tool("wwgetfiles", "--delay", "0").exit()).isZero();
    Files.delete(fx.root.resolve("etc/motd"));
    Files.delete(fx.root.resolve("usr/local/bin/tool-link"));
    Files.writeString(fx.root.resolve("etc/app/secret.conf"), "tampered");
    NodeFixture.Run again = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("2 file(s) updated");
    assertThat(fx.root.resolve("etc/motd")).hasContent("hello n1");
    assertThat(Files.isSymbolicLink(fx.root.resolve("usr/local/bin/tool-link"))).isTrue();
    assertThat(fx.root.resolve("etc/app/secret.conf")).hasContent("tampered");

    NodeFixture.Run forced = fx.tool("wwgetfiles", "-F", "--delay", "0");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("7 file(s) updated");
    assertThat(fx.root.resolve("etc/app/secret.conf")).hasContent("token=abc");
  }

  @Test
  void wwgetfiles_modeOrOwnerChangedOnTheMaster_isApplied_withoutContentChange() throws Exception {
    everyType();
    fx.start();
    fx.config(fx.port());
    assertThat(fx.tool("wwgetfiles", "--delay", "0").exit()).isZero();
    Instant later = Instant.now().plusSeconds(100);
    fx.catalog.put(file("f-secret", "/etc/app/secret.conf", 1234, 2345, 0600, NodeFile.Kind.REGULAR, "data",
        Optional.of("token=abc\n".getBytes(StandardCharsets.UTF_8)), later));
    fx.catalog.put(file("d-data", "/srv/data", 0, 0, 0755, NodeFile.Kind.DIRECTORY, "data", Optional.empty(), later));
    NodeFixture.Run r = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 file(s) updated");
    assertThat(Files.getAttribute(fx.root.resolve("etc/app/secret.conf"), "unix:mode")).isEqualTo(0100600);
    assertThat(Files.getAttribute(fx.root.resolve("srv/data"), "unix:mode")).isEqualTo(040755);
    assertThat(Files.getAttribute(fx.root.resolve("srv/data"), "unix:uid")).isEqualTo(0);
  }

  @Test
  void wwgetfiles_unassignedFiles_areRemoved_changedOrNonEmptyKept_nothingElseTouched() throws Exception {
    everyType();
    fx.catalog.put(NodeFile.special("p-ctl", "/run/app/ctl", 0, 0, 0600, NodeFile.Kind.FIFO, NodeFixture.T0.plusSeconds(20), 0, 0));
    fx.catalog.put(NodeFixture.node()
        .files(List.of("f-motd", "f-tool", "f-secret", "f-space", "d-data", "l-tool", "dynamic_hosts", "p-ctl"))
        .build());
    Files.createDirectories(fx.root.resolve("etc"));
    Files.writeString(fx.root.resolve("etc/unrelated.conf"), "not placed by wwgetfiles\n");
    fx.start();
    fx.config(fx.port());
    assertThat(fx.tool("wwgetfiles", "--delay", "0").exit()).isZero();
    assertThat(fx.root.resolve("warewulf/state/wwgetfiles.state")).content()
        .contains("placed f-motd -0644 0 0 ").contains("placed p-ctl p0600 ");
    assertThat(Files.getAttribute(fx.root.resolve("warewulf/state/wwgetfiles.state"), "unix:mode")).isEqualTo(0100600);

    // Changed here after it was placed: kept. A directory holding something else: kept.
    Files.writeString(fx.root.resolve("etc/app/secret.conf"), "edited by hand\n");
    Files.writeString(fx.root.resolve("srv/data/user-file"), "user data\n");
    fx.catalog.put(NodeFixture.node().files(List.of("f-tool", "f-space")).build());

    NodeFixture.Run r = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(
        "wwgetfiles: removed /etc/motd (no longer assigned to this node)",
        "wwgetfiles: removed /usr/local/bin/tool-link (no longer assigned to this node)",
        "wwgetfiles: removed /etc/hosts (no longer assigned to this node)",
        "wwgetfiles: removed /run/app/ctl (no longer assigned to this node)",
        "wwgetfiles: kept /etc/app/secret.conf: it was changed on this node since it was placed (no longer assigned to this node)",
        "wwgetfiles: kept /srv/data: it is a directory that is not empty (no longer assigned to this node)",
        "0 file(s) updated, 4 removed, 2 unchanged");
    assertThat(fx.root.resolve("etc/motd")).doesNotExist();
    assertThat(fx.root.resolve("etc/hosts")).doesNotExist();
    assertThat(Files.exists(fx.root.resolve("usr/local/bin/tool-link"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(fx.root.resolve("run/app/ctl")).doesNotExist();
    assertThat(fx.root.resolve("etc/app/secret.conf")).hasContent("edited by hand");
    assertThat(fx.root.resolve("srv/data/user-file")).hasContent("user data");
    assertThat(fx.root.resolve("etc/unrelated.conf")).hasContent("not placed by wwgetfiles");
    assertThat(fx.root.resolve("usr/local/bin/tool")).exists();
    assertThat(fx.root.resolve("etc/my file.conf")).exists();
    assertThat(fx.root.resolve("warewulf/state/wwgetfiles.state")).content()
        .doesNotContain("f-motd").doesNotContain("f-secret").doesNotContain("d-data").contains("placed f-tool ");

    // What was kept is no longer wwgetfiles' business: the next run says nothing.
    NodeFixture.Run idle = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(idle.exit()).as(idle.err()).isZero();
    assertThat(idle.out()).isEmpty();
    assertThat(fx.root.resolve("srv/data/user-file")).exists();
  }

  @Test
  void wwgetfiles_pathMovedOnTheMaster_placesTheNewAndRemovesTheOld() throws Exception {
    everyType();
    fx.start();
    fx.config(fx.port());
    assertThat(fx.tool("wwgetfiles", "--delay", "0").exit()).isZero();
    fx.catalog.put(file("f-motd", "/etc/motd.d/welcome", 0, 0, 0644, NodeFile.Kind.REGULAR, "data",
        Optional.of("hello %{NAME}\n".getBytes(StandardCharsets.UTF_8)), Instant.now().plusSeconds(100)));
    NodeFixture.Run r = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("wwgetfiles: removed /etc/motd (moved to /etc/motd.d/welcome)", "1 file(s) updated, 1 removed");
    assertThat(fx.root.resolve("etc/motd.d/welcome")).hasContent("hello n1");
    assertThat(fx.root.resolve("etc/motd")).doesNotExist();
  }

  @Test
  void wwgetfiles_fileRemovalWithMasterDown_changesNothing() throws Exception {
    everyType();
    fx.start();
    fx.config(fx.port());
    assertThat(fx.tool("wwgetfiles", "--delay", "0").exit()).isZero();
    fx.server.close();
    fx.catalog.put(NodeFixture.node().files(List.of()).build());
    NodeFixture.Run down = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(fx.root.resolve("etc/motd")).exists();
    fx.start();
    fx.config(fx.port());
    NodeFixture.Run up = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(up.out()).contains("0 file(s) updated, 7 removed");
    assertThat(fx.root.resolve("etc/motd")).doesNotExist();
    assertThat(fx.root.resolve("srv/data")).doesNotExist();
    assertThat(fx.root.resolve("usr/local/bin")).isDirectory();
  }

  @Test
  void wwgetfiles_unreachableMaster_failsClearly_keepsFiles_nextRunRecovers() throws Exception {
    everyType();
    fx.start();
    fx.config(fx.port());
    assertThat(fx.tool("wwgetfiles", "--delay", "0").exit()).isZero();
    byte[] before = Files.readAllBytes(fx.root.resolve("etc/motd"));
    int port = fx.port();
    fx.server.close();
    fx.catalog.put(file("f-motd", "/etc/motd", 0, 0, 0644, NodeFile.Kind.REGULAR, "data",
        Optional.of("v2\n".getBytes(StandardCharsets.UTF_8)), Instant.now().plusSeconds(100)));

    NodeFixture.Run down = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err()).contains("ERROR: Could not reach the master (127.0.0.1:" + port);
    assertThat(Files.readAllBytes(fx.root.resolve("etc/motd"))).isEqualTo(before);

    fx.start();
    fx.config(fx.port());
    NodeFixture.Run up = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(fx.root.resolve("etc/motd")).hasContent("v2");
  }

  @Test
  void wwgetfiles_truncatedDownload_keepsPreviousVersion_nextRunRecovers() throws Exception {
    faultThenRecover(FaultServer.Fault.TRUNCATE, "connection closed after");
  }

  @Test
  void wwgetfiles_corruptDownload_keepsPreviousVersion_nextRunRecovers() throws Exception {
    faultThenRecover(FaultServer.Fault.CORRUPT, "does not match the list's");
  }

  @Test
  void wwgetfiles_serverDiesMidDownload_keepsPreviousVersion_nextRunRecovers() throws Exception {
    faultThenRecover(FaultServer.Fault.DIE, "connection closed after");
  }

  @Test
  void wwgetfiles_busyMaster_isRetriedAfterRetryAfter() throws Exception {
    bigFile(1);
    fx.start();
    try (FaultServer busy = new FaultServer(fx.port(), FaultServer.Fault.BUSY_ONCE)) {
      fx.config(busy.port());
      long start = System.nanoTime();
      NodeFixture.Run r = fx.tool("wwgetfiles", "--delay", "0");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(busy.contentRequests.get()).isEqualTo(2);
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(1_000_000_000L);
    }
    assertThat(Files.readAllBytes(fx.root.resolve("opt/big.bin"))).isEqualTo(random(4 << 20, 1));
  }

  @Test
  void wwgetfiles_secondRunWhileLocked_isRefused() throws Exception {
    everyType();
    fx.start();
    fx.config(fx.port());
    Path lock = Files.createDirectories(fx.root.resolve("warewulf/state")).resolve("wwgetfiles.lock");
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l = ch.lock()) {
      NodeFixture.Run r = fx.tool("wwgetfiles", "--delay", "0");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("wwgetfiles is already running");
    }
    assertThat(fx.root.resolve("etc/motd")).doesNotExist();
    assertThat(fx.tool("wwgetfiles", "--delay", "0").exit()).isZero();
  }

  private void bigFile(long seed) throws IOException {
    fx.catalog.put(file("f-big", "/opt/big.bin", 0, 0, 0644, NodeFile.Kind.REGULAR, "binary",
        Optional.of(random(4 << 20, seed)), Instant.now().plusSeconds(seed * 100)));
    fx.catalog.put(NodeFixture.node().file("f-big").build());
  }

  private void faultThenRecover(FaultServer.Fault fault, String message) throws Exception {
    bigFile(1);
    fx.start();
    fx.config(fx.port());
    assertThat(fx.tool("wwgetfiles", "--delay", "0").exit()).isZero();
    Path big = fx.root.resolve("opt/big.bin");
    assertThat(Files.readAllBytes(big)).isEqualTo(random(4 << 20, 1));

    bigFile(2);
    try (FaultServer bad = new FaultServer(fx.port(), fault)) {
      fx.config(bad.port());
      NodeFixture.Run r = fx.tool("wwgetfiles", "--delay", "0");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("ERROR:").contains("big.bin").contains(message)
          .doesNotContain("Exception in thread").doesNotContain("\tat ");
    }
    assertThat(Files.readAllBytes(big)).isEqualTo(random(4 << 20, 1));
    assertNoTemporaryFiles();

    fx.config(fx.port());
    NodeFixture.Run ok = fx.tool("wwgetfiles", "--delay", "0");
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(Files.readAllBytes(big)).isEqualTo(random(4 << 20, 2));
  }

  private void assertNoTemporaryFiles() throws IOException {
    try (Stream<Path> s = Files.walk(fx.root)) {
      assertThat(s.map(Path::toString).filter(n -> n.contains(".ww-new"))).isEmpty();
    }
  }
}

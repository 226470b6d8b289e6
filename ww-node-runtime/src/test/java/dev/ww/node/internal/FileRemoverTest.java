package dev.ww.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.node.FileRemoval;
import dev.ww.node.FileRemoval.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRemoverTest {

  static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @TempDir Path dir;
  Path root;
  FileRemover remover;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(dir.resolve("root"));
    remover = new FileRemover(root);
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  static FileState.Placed placed(char type, String path, String check) {
    return FileState.Placed.of(new FileListEntry("f", "f", 0, 0, type, 0644, 1, SHA, path), check);
  }

  private Path write(String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  @Test
  void unchangedRegularFile_isRemoved() throws Exception {
    Path p = write("etc/app.conf", "x=1\n");
    FileRemoval r = remover.remove("f", placed('-', "/etc/app.conf", sha256("x=1\n")));
    assertThat(r.outcome()).isEqualTo(Outcome.REMOVED);
    assertThat(p).doesNotExist();
    assertThat(root.resolve("etc")).isDirectory();
    remover.syncDirectories();
  }

  @Test
  void changedContent_isKept() throws Exception {
    Path p = write("etc/app.conf", "x=2 edited here\n");
    FileRemoval r = remover.remove("f", placed('-', "/etc/app.conf", sha256("x=1\n")));
    assertThat(r.outcome()).isEqualTo(Outcome.KEPT);
    assertThat(r.reason()).contains("changed on this node");
    assertThat(p).hasContent("x=2 edited here");
  }

  @Test
  void otherTypeNow_isKept_nothingThere_isGone() throws Exception {
    Files.createDirectories(root.resolve("etc/app.conf"));
    FileRemoval r = remover.remove("f", placed('-', "/etc/app.conf", sha256("")));
    assertThat(r.outcome()).isEqualTo(Outcome.KEPT);
    assertThat(r.reason()).contains("now a directory, not the regular file placed");
    assertThat(remover.remove("f", placed('-', "/etc/none", sha256(""))).outcome()).isEqualTo(Outcome.GONE);
    assertThat(remover.remove("f", placed('-', "/nodir/none", sha256(""))).outcome()).isEqualTo(Outcome.GONE);
  }

  @Test
  void symlink_removedOnlyWithItsTarget() throws Exception {
    Files.createDirectories(root.resolve("usr/bin"));
    Files.createSymbolicLink(root.resolve("usr/bin/vi"), Path.of("/usr/bin/vim"));
    assertThat(remover.remove("f", placed('l', "/usr/bin/vi", FilePlacer.linkCheck("/usr/bin/nano"))).outcome())
        .isEqualTo(Outcome.KEPT);
    assertThat(remover.remove("f", placed('l', "/usr/bin/vi", FilePlacer.linkCheck("/usr/bin/vim"))).outcome())
        .isEqualTo(Outcome.REMOVED);
    assertThat(Files.exists(root.resolve("usr/bin/vi"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void directory_removedOnlyWhenEmpty() throws Exception {
    write("srv/data/user-file", "mine\n");
    FileRemoval r = remover.remove("d", placed('d', "/srv/data", "-"));
    assertThat(r.outcome()).isEqualTo(Outcome.KEPT);
    assertThat(r.reason()).contains("not empty");
    assertThat(root.resolve("srv/data/user-file")).exists();
    Files.delete(root.resolve("srv/data/user-file"));
    assertThat(remover.remove("d", placed('d', "/srv/data", "-")).outcome()).isEqualTo(Outcome.REMOVED);
    assertThat(root.resolve("srv/data")).doesNotExist();
  }

  @Test
  void fifo_isRemovedWithoutBeingOpened() throws Exception {
    Files.createDirectories(root.resolve("run"));
    Process p = new ProcessBuilder("mkfifo", root.resolve("run/ctl").toString()).start();
    assertThat(p.waitFor()).isZero();
    assertThat(remover.remove("p", placed('p', "/run/ctl", "-")).outcome()).isEqualTo(Outcome.REMOVED);
  }

  @Test
  void parentSymlinkLeadingOut_isNeverFollowed() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("app.conf"), "x=1\n");
    Files.createSymbolicLink(root.resolve("etc"), outside);
    FileRemoval r = remover.remove("f", placed('-', "/etc/app.conf", sha256("x=1\n")));
    assertThat(r.outcome()).isEqualTo(Outcome.KEPT);
    assertThat(r.reason()).contains("leads outside");
    assertThat(outside.resolve("app.conf")).exists();
  }

  @Test
  void parentSymlinkInsideTheRoot_isFollowed() throws Exception {
    write("real/app.conf", "x=1\n");
    Files.createSymbolicLink(root.resolve("etc"), Path.of("real"));
    assertThat(remover.remove("f", placed('-', "/etc/app.conf", sha256("x=1\n"))).outcome()).isEqualTo(Outcome.REMOVED);
    assertThat(root.resolve("real/app.conf")).doesNotExist();
  }
}

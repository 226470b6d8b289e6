package dev.ww.core.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedFilesTest {

  @TempDir Path dir;
  private Path root;
  private Path hostEtc;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(dir.resolve("chroot"));
    hostEtc = Files.createDirectories(dir.resolve("host-etc"));
    // The chroot's /etc points at "the host's /etc".
    Files.createSymbolicLink(root.resolve("etc"), hostEtc);
  }

  @Test
  void write_throughAnAbsoluteSymlinkToTheHost_staysInsideTheRoot() throws IOException {
    ConfinedFiles files = new ConfinedFiles(new FakeLinuxOs(), root, Confinement.IN_ROOT);
    Files.createSymbolicLink(root.resolve("etc2"), Path.of("/etc2-in-root"));
    Files.createDirectories(root.resolve("etc2-in-root"));

    Path written = files.write("/etc2/hostname", "node01\n".getBytes());

    assertThat(written).isEqualTo(root.resolve("etc2-in-root/hostname"));
    assertThat(Files.readString(written)).isEqualTo("node01\n");
  }

  @Test
  void write_beneath_refusesASymlinkOut_andWritesNothing() throws IOException {
    ConfinedFiles files = new ConfinedFiles(new FakeLinuxOs(), root, Confinement.BENEATH);

    assertThatThrownBy(() -> files.write("etc/fstab", "x".getBytes()))
        .isInstanceOf(ConfinementException.class);
    try (var listing = Files.list(hostEtc)) {
      assertThat(listing).isEmpty();
    }
  }

  @Test
  void write_replacesASymlinkAtTheTarget_insteadOfFollowingIt() throws IOException {
    ConfinedFiles files = new ConfinedFiles(new FakeLinuxOs(), root, Confinement.IN_ROOT);
    Path outsideFile = Files.writeString(dir.resolve("victim"), "keep me");
    Files.createDirectories(root.resolve("var"));
    Files.createSymbolicLink(root.resolve("var/link"), outsideFile);

    files.write("var/link", "new".getBytes());

    assertThat(Files.readString(outsideFile)).isEqualTo("keep me");
    assertThat(Files.isSymbolicLink(root.resolve("var/link"))).isFalse();
    assertThat(Files.readString(root.resolve("var/link"))).isEqualTo("new");
  }

  @Test
  void createDirectories_makesMissingParentsInside() throws IOException {
    ConfinedFiles files = new ConfinedFiles(new FakeLinuxOs(), root, Confinement.IN_ROOT);

    Path created = files.createDirectories("usr/share/doc/ww");

    assertThat(created).isEqualTo(root.resolve("usr/share/doc/ww"));
    assertThat(Files.isDirectory(created, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void createDirectories_overARegularFile_isAClearError() throws IOException {
    ConfinedFiles files = new ConfinedFiles(new FakeLinuxOs(), root, Confinement.IN_ROOT);
    Files.writeString(root.resolve("file"), "");

    assertThatThrownBy(() -> files.createDirectories("file"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a directory");
  }
}

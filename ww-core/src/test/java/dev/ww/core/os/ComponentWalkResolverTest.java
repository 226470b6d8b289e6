package dev.ww.core.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Confined resolution in Java; {@code JnaLinuxOsIT} checks the kernel's answers match. */
class ComponentWalkResolverTest {

  @TempDir Path dir;
  private Path root;
  private Path outside;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(dir.resolve("root"));
    outside = Files.createDirectories(dir.resolve("outside"));
    ConfinementFixture.populate(root, outside);
  }

  private Path resolve(String path, Confinement confinement) {
    return ComponentWalkResolver.resolve(root, path, confinement, true);
  }

  @Test
  void inRoot_absoluteSymlink_isResolvedFromTheRoot() {
    assertThat(resolve("etc/resolv.conf", Confinement.IN_ROOT))
        .isEqualTo(root.resolve("run/resolv.conf"));
    assertThat(resolve("hostetc/passwd", Confinement.IN_ROOT))
        .isEqualTo(root.resolve("etc/passwd"));
  }

  @Test
  void inRoot_dotDotAboveTheRoot_staysAtTheRoot() {
    assertThat(resolve("../../etc/passwd", Confinement.IN_ROOT))
        .isEqualTo(root.resolve("etc/passwd"));
    assertThat(resolve("escape/x", Confinement.IN_ROOT)).isEqualTo(root.resolve("x"));
  }

  @Test
  void beneath_dotDotAboveTheRoot_isRefused() {
    assertThatThrownBy(() -> resolve("../outside/x", Confinement.BENEATH))
        .isInstanceOf(ConfinementException.class);
    assertThatThrownBy(() -> resolve("escape/x", Confinement.BENEATH))
        .isInstanceOf(ConfinementException.class);
  }

  @Test
  void beneath_absoluteSymlink_isRefused() {
    assertThatThrownBy(() -> resolve("hostetc/passwd", Confinement.BENEATH))
        .isInstanceOf(ConfinementException.class)
        .hasMessageContaining("hostetc");
  }

  @Test
  void beneath_relativeSymlinkInside_isFollowed() {
    assertThat(resolve("lib64/libc.so", Confinement.BENEATH))
        .isEqualTo(root.resolve("usr/lib/libc.so"));
  }

  @Test
  void lastComponent_notFollowed_namesTheLinkItself() {
    assertThat(ComponentWalkResolver.resolve(root, "hostetc", Confinement.BENEATH, false))
        .isEqualTo(root.resolve("hostetc"));
  }

  @Test
  void missingLastComponent_isAllowed() {
    assertThat(resolve("etc/new-file", Confinement.BENEATH)).isEqualTo(root.resolve("etc/new-file"));
  }

  @Test
  void missingDirectoryOnTheWay_isENOENT() {
    assertThatThrownBy(() -> resolve("nodir/file", Confinement.IN_ROOT))
        .isInstanceOf(OsException.class)
        .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENOENT));
  }

  @Test
  void fileUsedAsDirectory_isENOTDIR() {
    assertThatThrownBy(() -> resolve("etc/passwd/x", Confinement.IN_ROOT))
        .isInstanceOf(OsException.class)
        .satisfies(e -> assertThat(((OsException) e).errnoName()).isEqualTo("ENOTDIR"));
  }

  @Test
  void symlinkLoop_isELOOP() {
    assertThatThrownBy(() -> resolve("loop/x", Confinement.IN_ROOT))
        .isInstanceOf(OsException.class)
        .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ELOOP));
  }

  @Test
  void emptyPathOrSlash_isTheRoot() {
    assertThat(resolve("", Confinement.BENEATH)).isEqualTo(root);
    assertThat(resolve("/", Confinement.IN_ROOT)).isEqualTo(root);
  }
}

package dev.ww.cli.chroot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input to the real tools: a clear error, nothing written outside, no mount left. */
class ChrootBadInputIT {

  private Path base;
  private ChrootFixture tools;

  @BeforeEach
  void setUp() throws Exception {
    ChrootFixture.requireRoot();
    ChrootFixture.requirePrograms("debootstrap", "chroot");
    base = Files.createTempDirectory(Path.of("/var/tmp"), "ww-chroot-bad-");
    tools = new ChrootFixture(base);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (base != null) {
      assertThat(ChrootFixture.mountsUnder(base)).isEmpty();
      ChrootFixture.sh(null, "rm", "-rf", "--one-file-system", base.toString());
    }
  }

  @Test
  void unreachableMirror_failsClearlyAndRemovesThePartialRoot() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path root = base.resolve("root");

    ChrootFixture.Result result = tools.run(
        Map.of("DEB_MIRROR", "http://127.0.0.1:" + closedPort + "/debian"), "wwmkchroot", "debian-12", root.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("wwmkchroot: error:", "debootstrap").doesNotContain("Exception");
    assertThat(root).doesNotExist();
    assertThat(ChrootFixture.mountsUnder(base)).isEmpty();
  }

  @Test
  void missingDebootstrap_namesThePackageToInstall() throws Exception {
    Path root = base.resolve("root");

    ChrootFixture.Result result = tools.run(Map.of("PATH", "/usr/bin:/bin"), "wwmkchroot", "debian-12", root.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("'debootstrap' is needed", "apt-get install debootstrap");
    assertThat(root).doesNotExist();
  }

  @Test
  void rootWithEtcLinkedToTheHostsEtc_isRefusedByBothToolsAndTheHostIsUntouched() throws Exception {
    Path root = Files.createDirectories(base.resolve("root"));
    Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
    FileTime resolvTime = Files.getLastModifiedTime(Path.of("/etc/resolv.conf"));
    FileTime etcTime = Files.getLastModifiedTime(Path.of("/etc"));

    ChrootFixture.Result build = tools.run("wwmkchroot", "--reuse", "debian-12", root.toString());
    ChrootFixture.Result change = tools.run("wwmngchroot", "-c", root.toString(), "-i", "nano", "-y");

    assertThat(build.status()).isEqualTo(1);
    assertThat(build.err()).contains("symbolic link", "outside the root");
    assertThat(change.status()).isEqualTo(1);
    assertThat(change.err()).contains("symbolic link", "outside the root");
    assertThat(Path.of("/etc/resolv.conf.ww-saved")).doesNotExist();
    assertThat(Path.of("/etc/machine-id.ww-tmp")).doesNotExist();
    assertThat(Files.getLastModifiedTime(Path.of("/etc/resolv.conf"))).isEqualTo(resolvTime);
    assertThat(Files.getLastModifiedTime(Path.of("/etc"))).isEqualTo(etcTime);
    assertThat(ChrootFixture.mountsUnder(root)).isEmpty();
  }

  @Test
  void rootWithProcLinkedToAHostDirectory_getsNoMountThere() throws Exception {
    Path outside = Files.createDirectories(base.resolve("outside"));
    Path root = Files.createDirectories(base.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/debian_version"), "12.0\n");
    Files.createSymbolicLink(root.resolve("proc"), outside);

    ChrootFixture.Result change = tools.run("wwmngchroot", "-c", root.toString(), "-i", "nano", "-y");

    assertThat(change.status()).isEqualTo(1);
    assertThat(change.err()).contains("outside the root");
    assertThat(ChrootFixture.mountsUnder(outside)).isEmpty();
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void notARoot_isAClearErrorWithNoMountLeft() throws Exception {
    Path root = Files.createDirectories(base.resolve("plain"));

    ChrootFixture.Result change = tools.run("wwmngchroot", "-c", root.toString(), "-i", "nano", "-y");

    assertThat(change.status()).isEqualTo(1);
    assertThat(change.err()).contains("cannot tell which distribution");
    assertThat(ChrootFixture.mountsUnder(root)).isEmpty();
  }

  @Test
  void unknownTemplate_isAClearError() {
    ChrootFixture.Result result = tools.run("wwmkchroot", "rocky-10", base.resolve("r").toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("unknown template 'rocky-10'");
    assertThat(base.resolve("r")).doesNotExist();
  }
}

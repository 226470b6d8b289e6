package dev.ww.cli.chroot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * wwmkchroot debian-12 against the Debian mirror this machine reaches, then wwmngchroot on the
 * result: packages really installed and removed, and never a mount left behind, also when the
 * package manager crashes or the tool is interrupted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianChrootIT {

  private Path base;
  private Path root;
  private ChrootFixture tools;
  private ChrootFixture.Result build;

  @BeforeAll
  void buildRoot() throws Exception {
    ChrootFixture.requireRoot();
    ChrootFixture.requirePrograms("debootstrap", "chroot");
    String mirror = ChrootFixture.debianMirror().orElse(null);
    ChrootFixture.require(mirror != null, "a Debian mirror in /etc/apt/sources.list.d/*.sources or sources.list");
    base = Files.createTempDirectory(Path.of("/var/tmp"), "ww-chroot-it-");
    root = base.resolve("root");
    tools = new ChrootFixture(base).env("DEB_MIRROR", mirror);
    // The built-in debian-12 with a minbase-sized package list: a site template overrides it.
    tools.siteTemplate(
        "debian-12",
        "description: Debian 12 minbase for tests\nfamily: debian\nrelease: bookworm\narch: amd64\n"
            + "mirrors: [http://deb.debian.org/debian]\npackages: [less]\n");
    Files.createDirectories(ChrootFixture.PACKAGE_CACHE);
    build = tools.run("wwmkchroot", "--package-cache", ChrootFixture.PACKAGE_CACHE.toString(), "debian-12", root.toString());
  }

  @AfterAll
  void removeRoot() throws Exception {
    if (base != null && ChrootFixture.mountsUnder(base).isEmpty()) {
      ChrootFixture.sh(null, "rm", "-rf", "--one-file-system", base.toString());
    }
  }

  @Test
  @Order(1)
  void wwmkchroot_buildsAConfiguredDebianRootFromTheMirror() throws Exception {
    assertThat(build.status()).as(build.all()).isZero();
    assertThat(Files.readString(root.resolve("etc/debian_version"))).startsWith("12.");
    assertThat(root.resolve("usr/bin/less")).isRegularFile();
    assertThat(Files.readString(root.resolve("etc/fstab"))).startsWith("#GENERATED_ENTRIES#\n");
    assertThat(Files.readAllLines(root.resolve("etc/shadow"))).anySatisfy(l -> assertThat(l).startsWith("root:*:"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/shadow")))).isEqualTo("rw-r-----");
    assertThat(root.resolve("etc/machine-id")).isEmptyFile();
    assertThat(Files.readSymbolicLink(root.resolve("etc/localtime"))).isEqualTo(Path.of("/usr/share/zoneinfo/Etc/UTC"));
    assertThat(Files.readString(root.resolve("etc/apt/sources.list"))).contains(" bookworm main");
    try (var debs = Files.list(root.resolve("var/cache/apt/archives"))) {
      assertThat(debs.filter(p -> p.toString().endsWith(".deb"))).isEmpty();
    }
    assertThat(ChrootFixture.mountsUnder(root)).isEmpty();
  }

  @Test
  @Order(2)
  void wwmngchroot_installsAndRemovesPackagesAndLeavesNothingMounted() throws Exception {
    byte[] resolvBefore = Files.readAllBytes(root.resolve("etc/resolv.conf"));

    ChrootFixture.Result result = tools.run("wwmngchroot", "-c", root.toString(), "-i", "nano", "-r", "less", "-y");

    assertThat(result.status()).as(result.all()).isZero();
    assertThat(root.resolve("usr/bin/nano")).isRegularFile();
    assertThat(root.resolve("usr/bin/less")).doesNotExist();
    assertThat(dpkgStatus("nano")).isEqualTo("install ok installed");
    assertThat(ChrootFixture.mountsUnder(root)).isEmpty();
    assertThat(Files.readAllBytes(root.resolve("etc/resolv.conf"))).isEqualTo(resolvBefore);
    assertThat(root.resolve("etc/resolv.conf.ww-saved")).doesNotExist();
    assertThat(root.resolve("usr/sbin/policy-rc.d")).doesNotExist();
  }

  @Test
  @Order(3)
  void wwmngchroot_packageManagerCrashingMidway_leavesNoMountBehind() throws Exception {
    // dpkg that dies by SIGKILL as soon as apt asks it to unpack: apt fails in the middle.
    Path dpkg = root.resolve("usr/bin/dpkg");
    Path real = root.resolve("usr/bin/dpkg.real");
    Files.move(dpkg, real);
    Files.writeString(dpkg, "#!/bin/sh\ncase \"$*\" in *--unpack*|*--status-fd*) kill -KILL $$ ;; esac\nexec /usr/bin/dpkg.real \"$@\"\n");
    Files.setPosixFilePermissions(dpkg, PosixFilePermissions.fromString("rwxr-xr-x"));
    byte[] resolvBefore = Files.readAllBytes(root.resolve("etc/resolv.conf"));
    try {
      ChrootFixture.Result result = tools.run("wwmngchroot", "-c", root.toString(), "-i", "less", "-y");

      assertThat(result.status()).as(result.all()).isEqualTo(1);
      assertThat(result.err()).contains("wwmngchroot: error:").contains("apt-get").doesNotContain("Exception");
      assertThat(ChrootFixture.mountsUnder(root)).isEmpty();
      assertThat(Files.readAllBytes(root.resolve("etc/resolv.conf"))).isEqualTo(resolvBefore);
      assertThat(root.resolve("usr/sbin/policy-rc.d")).doesNotExist();
    } finally {
      Files.move(real, dpkg, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  @Order(4)
  void wwmngchroot_interruptedByCtrlC_unmountsEverything() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.ww.cli.Launcher");
    command.addAll(List.of("wwmngchroot", "-c", root.toString(), "-s"));
    Path log = base.resolve("interrupted.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(tools.environment());
    Process process = builder.start();
    try {
      // The shell inside waits for input on its pipe; wait until the session has mounted.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ChrootFixture.mountsUnder(root).size() < 4 && System.nanoTime() < deadline && process.isAlive()) {
        Thread.sleep(50);
      }
      assertThat(ChrootFixture.mountsUnder(root)).hasSize(4);
      ChrootFixture.sh(null, "kill", "-INT", Long.toString(process.pid()));
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      // The shell inside outlives the tool until its input ends.
      process.getOutputStream().close();
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(ChrootFixture.mountsUnder(root)).as(output).isEmpty();
      assertThat(root.resolve("etc/resolv.conf.ww-saved")).doesNotExist();
    } finally {
      process.getOutputStream().close();
      process.destroyForcibly();
    }
  }

  private String dpkgStatus(String pkg) throws Exception {
    return ChrootFixture.sh(null, "dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"), "-W", "-f=${Status}", pkg).trim();
  }
}

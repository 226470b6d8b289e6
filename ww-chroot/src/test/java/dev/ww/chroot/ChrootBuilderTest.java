package dev.ww.chroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.UserException;
import dev.ww.core.event.LogEvent;
import dev.ww.core.event.ProgressEvent;
import dev.ww.core.process.Command;
import dev.ww.core.process.FakeProcessRunner.Outcome;
import dev.ww.core.process.ProcessFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChrootBuilderTest {

  @TempDir Path dir;
  TestHost host;
  TemplateCatalog catalog;

  @BeforeEach
  void setUp() throws IOException {
    host = new TestHost(dir).program("debootstrap", "ssh-keygen", "dnf");
    catalog = TemplateCatalog.load(host.layout);
    // A fake debootstrap that lays down the few files a Debian root has and prints progress.
    host.runner.on(
        c -> c.program().endsWith("/debootstrap"),
        c -> {
          Path root = Path.of(c.argv().get(c.argv().size() - 2));
          write(root.resolve("etc/debian_version"), "12.0\n");
          write(root.resolve("etc/shadow"), "root:$6$x$y:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
          write(root.resolve("var/cache/apt/archives/less_590-2_amd64.deb"), "deb");
          write(root.resolve("var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease"), "x");
          return Outcome.success("I: Retrieving InRelease\nI: Retrieving libc6 2.36\nI: Retrieving less 590\nI: Extracting less...\n");
        });
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ChrootBuilder builder() {
    return new ChrootBuilder(host.services(), catalog);
  }

  @Test
  void build_debian_runsDebootstrapMinbaseWithTheTemplatesPackagesAndMirror() throws Exception {
    Path root = dir.resolve("root");

    builder().build(BuildRequest.of("debian-12", root));

    List<String> argv = host.runner.argvs().get(0);
    assertThat(argv).contains("--variant=minbase", "--arch=amd64", "--components=main", "bookworm",
        root.toString(), "http://deb.debian.org/debian");
    assertThat(TestHost.option(argv, "--include=")).contains("openssh-server", "systemd-sysv");
    assertThat(argv).doesNotContain("--no-check-gpg");
    assertThat(host.events).anySatisfy(e -> assertThat(e).isInstanceOf(ProgressEvent.class));
    assertThat(host.messages(LogEvent.Level.DEBUG)).anySatisfy(m -> assertThat(m).startsWith("running: ").contains("debootstrap"));
  }

  @Test
  void build_appliesPostBuildConfigurationInsideTheRoot() throws Exception {
    Path root = dir.resolve("root");
    Files.createDirectories(root.resolve("usr/sbin"));
    Files.writeString(root.resolve("usr/sbin/sshd"), "");
    host.runner.on(
        c -> c.program().endsWith("/ssh-keygen"),
        c -> {
          String key = TestHost.option(c.argv(), "") == null ? null : c.argv().get(c.argv().indexOf("-f") + 1);
          write(Path.of(key), "PRIVATE " + c.argv().get(c.argv().indexOf("-t") + 1));
          write(Path.of(key + ".pub"), "PUBLIC");
          return Outcome.success("");
        });

    builder().build(new BuildRequest("debian-12", root, List.of(), List.of(), true, false, Optional.empty()));

    assertThat(Files.readString(root.resolve("etc/fstab"))).startsWith("#GENERATED_ENTRIES#\n").contains("proc /proc proc");
    assertThat(Files.readString(root.resolve("etc/shadow")))
        .isEqualTo("root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
    assertThat(Files.readString(root.resolve("etc/machine-id"))).isEmpty();
    assertThat(Files.readSymbolicLink(root.resolve("etc/localtime"))).isEqualTo(Path.of("/usr/share/zoneinfo/Etc/UTC"));
    assertThat(Files.readString(root.resolve("etc/timezone"))).isEqualTo("Etc/UTC\n");
    assertThat(Files.readString(root.resolve("etc/apt/sources.list"))).contains("deb http://deb.debian.org/debian bookworm main");
    assertThat(Files.readString(root.resolve("etc/ssh/ssh_host_ed25519_key"))).isEqualTo("PRIVATE ed25519");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/ssh/ssh_host_rsa_key"))))
        .isEqualTo("rw-------");
    assertThat(root.resolve("var/cache/apt/archives/less_590-2_amd64.deb")).doesNotExist();
    assertThat(root.resolve("var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease")).doesNotExist();
    assertThat(host.layout.tmpDir()).isEmptyDirectory();
  }

  @Test
  void build_mirrorFromEnvironment_andOptionBeatsEnvironment() throws Exception {
    host.environment.put("DEB_MIRROR", "http://env.example/debian");
    builder().build(BuildRequest.of("debian-12", dir.resolve("a")));
    assertThat(host.runner.argvs().get(0)).endsWith("http://env.example/debian");

    builder().build(new BuildRequest("debian-12", dir.resolve("b"), List.of("http://option.example/debian"),
        List.of(), false, false, Optional.empty()));
    assertThat(host.runner.argvs().get(host.runner.argvs().size() - 1)).endsWith("http://option.example/debian");
    assertThat(Files.readString(dir.resolve("b/etc/apt/sources.list"))).contains("http://option.example/debian");
  }

  @Test
  void build_packageCacheAndNoSignatureCheck_reachDebootstrap() throws Exception {
    Path cache = dir.resolve("cache");
    builder().build(new BuildRequest("debian-12", dir.resolve("r"), List.of(), List.of(), false, true, Optional.of(cache)));

    assertThat(host.runner.argvs().get(0)).contains("--no-check-gpg", "--cache-dir=" + cache.resolve("debootstrap"));
  }

  @Test
  void build_refusesTheHostRootAndNonEmptyTargets() throws Exception {
    assertThatThrownBy(() -> builder().build(BuildRequest.of("debian-12", Path.of("/"))))
        .isInstanceOf(UserException.class).hasMessageContaining("host's root directory");
    assertThatThrownBy(() -> builder().build(BuildRequest.of("debian-12", dir.resolve("x/../.."))))
        .isInstanceOf(UserException.class);
    Path used = Files.createDirectories(dir.resolve("used"));
    Files.writeString(used.resolve("keep"), "data");

    assertThatThrownBy(() -> builder().build(BuildRequest.of("debian-12", used)))
        .isInstanceOf(UserException.class).hasMessageContaining("not empty").hasMessageContaining("--reuse");
    assertThat(Files.readString(used.resolve("keep"))).isEqualTo("data");
    assertThat(host.runner.commands()).isEmpty();
  }

  @Test
  void build_missingDebootstrap_saysWhatToInstall() throws Exception {
    Files.delete(host.bin.resolve("debootstrap"));
    Path root = dir.resolve("root");

    assertThatThrownBy(() -> builder().build(BuildRequest.of("debian-12", root)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'debootstrap' is needed")
        .hasMessageContaining("apt-get install debootstrap");
    assertThat(root).doesNotExist();
  }

  @Test
  void build_failedDebootstrap_removesThePartialRootAndLeavesNoMount() throws Exception {
    host.runner.on(
        c -> c.program().endsWith("/debootstrap"),
        c -> {
          Path root = Path.of(c.argv().get(c.argv().size() - 2));
          write(root.resolve("etc/half-written"), "x");
          try {
            Files.createDirectories(root.resolve("proc"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          host.os.mount("proc", root.resolve("proc"), "proc", java.util.Set.of(), null);
          return Outcome.failure(1, "E: Failed getting release file http://127.0.0.1:9/debian/dists/bookworm/Release");
        });
    Path root = dir.resolve("root");

    assertThatThrownBy(() -> builder().build(BuildRequest.of("debian-12", root)))
        .isInstanceOf(ProcessFailedException.class)
        .hasMessageContaining("Failed getting release file");
    assertThat(host.os.mounts()).isEmpty();
    assertThat(root).doesNotExist();
    assertThat(host.layout.tmpDir()).isEmptyDirectory();
  }

  @Test
  void build_reusedRootWithEtcLinkedOutside_isRefusedAndNothingIsWrittenThere() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("host-etc"));
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createSymbolicLink(root.resolve("etc"), outside);

    assertThatThrownBy(() -> builder().build(new BuildRequest("debian-12", root, List.of(), List.of(), true, false, Optional.empty())))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("symbolic link")
        .hasMessageContaining("outside the root");
    assertThat(outside).isEmptyDirectory();
    assertThat(host.runner.commands()).isEmpty();
  }

  @Test
  void build_rhelGeneric_withoutMirror_asksForOne() throws Exception {
    assertThatThrownBy(() -> builder().build(BuildRequest.of("rhel-generic", dir.resolve("r"))))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("names no mirror")
        .hasMessageContaining("YUM_MIRROR");
  }

  @Test
  void build_rhel_runsDnfWithConfigurationOutsideTheRootAndAFixedRpmDatabase() throws Exception {
    host.environment.put("YUM_MIRROR", "file:///srv/repo-a, http://mirror.example/b");
    Path[] seenConfig = new Path[1];
    host.runner.on(
        c -> c.program().endsWith("/dnf"),
        c -> {
          Path root = Path.of(TestHost.option(c.argv(), "--installroot="));
          seenConfig[0] = Path.of(TestHost.option(c.argv(), "--config="));
          try {
            assertThat(Files.readString(Path.of(c.environment().get("HOME"), ".rpmmacros"))).contains("%_dbpath /var/lib/rpm");
            assertThat(Files.readString(seenConfig[0])).contains("gpgcheck=0", "install_weak_deps=False");
            try (Stream<Path> repos = Files.list(seenConfig[0].getParent().resolve("repos.d"))) {
              assertThat(repos).hasSize(2);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          write(root.resolve("etc/redhat-release"), "Test release 9\n");
          write(root.resolve("etc/shadow"), "root:!!:19000::::::\n");
          write(root.resolve("var/cache/dnf/x.solv"), "x");
          return Outcome.success("  Installing       : bash-1.0-1.noarch      1/2\n  Installing       : basesystem-1.0-1.noarch      2/2\n");
        });
    Path root = dir.resolve("r");

    builder().build(BuildRequest.of("rhel-generic", root));

    Command dnf = host.runner.commands().get(0);
    assertThat(dnf.argv()).contains("-y", "--installroot=" + root, "--releasever=9", "--nogpgcheck", "install", "basesystem");
    assertThat(seenConfig[0]).doesNotExist();
    assertThat(seenConfig[0].startsWith(root)).isFalse();
    assertThat(Files.readString(root.resolve("etc/yum.repos.d/ww-0.repo"))).contains("baseurl=file:///srv/repo-a");
    assertThat(Files.readString(root.resolve("etc/yum.repos.d/ww-1.repo"))).contains("baseurl=http://mirror.example/b");
    assertThat(Files.readString(root.resolve("etc/shadow"))).isEqualTo("root:*:19000::::::\n");
    assertThat(Files.readString(root.resolve("etc/sysconfig/network"))).isEqualTo("NETWORKING=yes\n");
    assertThat(root.resolve("var/cache/dnf/x.solv")).doesNotExist();
    assertThat(host.events).anySatisfy(e -> assertThat(e).isEqualTo(new ProgressEvent("dnf: Installing", 2, 2, "packages")));
  }

  @Test
  void build_missingInstallImage_isAUserError() throws Exception {
    host.environment.put("INSTALL_ISO", dir.resolve("a.iso") + "," + dir.resolve("missing.iso"));
    Files.writeString(dir.resolve("a.iso"), "");

    assertThatThrownBy(() -> builder().build(BuildRequest.of("rhel-generic", dir.resolve("r"))))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("INSTALL_ISO")
        .hasMessageContaining("missing.iso");
    assertThat(Files.exists(dir.resolve("r"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void build_debianWithMmdebstrapInstalled_prefersItForAnEmptyTarget() throws Exception {
    host.program("mmdebstrap");
    host.runner.on(
        c -> c.program().endsWith("/mmdebstrap"),
        c -> {
          write(Path.of(c.argv().get(c.argv().size() - 2)).resolve("etc/debian_version"), "12.0\n");
          return Outcome.success("");
        });

    builder().build(BuildRequest.of("debian-12", dir.resolve("r")));

    List<String> argv = host.runner.argvs().get(0);
    assertThat(argv.get(0)).endsWith("/mmdebstrap");
    assertThat(argv).contains("--variant=minbase", "bookworm", "http://deb.debian.org/debian");
  }

  @Test
  void build_debianFromInstallImage_usesTheImagesArchiveAsMirror() throws Exception {
    Path image = Files.writeString(dir.resolve("debian.iso"), "");
    host.environment.put("INSTALL_ISO", image.toString());
    host.program("bsdtar");
    host.runner.on(
        c -> c.program().endsWith("/bsdtar"),
        c -> {
          Path into = Path.of(c.argv().get(c.argv().indexOf("-C") + 1));
          write(into.resolve("dists/bookworm/Release"), "Suite: bookworm\n");
          return Outcome.success("");
        });

    builder().build(BuildRequest.of("debian-12", dir.resolve("r")));

    List<String> debootstrap = host.runner.argvs().get(1);
    assertThat(debootstrap.get(debootstrap.size() - 1)).startsWith("file:///").contains("image-0");
    // The finished root points at the template's mirror, not at the vanished image directory.
    assertThat(Files.readString(dir.resolve("r/etc/apt/sources.list"))).contains("http://deb.debian.org/debian").doesNotContain("image-0");
  }
}

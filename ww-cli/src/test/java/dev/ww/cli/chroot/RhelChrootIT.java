package dev.ww.cli.chroot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.chroot.TemplateCatalog;
import dev.ww.core.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * wwmkchroot rhel-generic with dnf --installroot against a real RPM repository that the test
 * builds (rpmbuild + createrepo_c): once through a file:// mirror, once from an ISO image
 * through INSTALL_ISO; then wwmngchroot changes the result with the host's dnf.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RhelChrootIT {

  private Path base;
  private Path repo;
  private ChrootFixture tools;

  @BeforeAll
  void buildRepository() throws Exception {
    ChrootFixture.requireRoot();
    ChrootFixture.requirePrograms("rpmbuild", "createrepo_c", "dnf", "xorriso", "bsdtar", "chroot");
    base = Files.createTempDirectory(Path.of("/var/tmp"), "ww-rhel-it-");
    tools = new ChrootFixture(base);
    // One small noarch RPM for every package rhel-generic installs, plus one to add later.
    List<String> packages = new ArrayList<>(
        TemplateCatalog.load(Layout.under(base.resolve("unused"))).template("rhel-generic").packages());
    packages.add("extra-tool");
    StringBuilder spec = new StringBuilder(
        "Name: wwtest\nVersion: 1.0\nRelease: 1\nSummary: test\nLicense: MIT\nBuildArch: noarch\n"
            + "%description\nTest packages.\n%install\nmkdir -p %{buildroot}/etc %{buildroot}/usr/share/wwtest\n"
            + "echo 'Test Linux release 9 (Fake)' > %{buildroot}/etc/redhat-release\n"
            + "printf 'root:x:0:0:root:/root:/bin/sh\\n' > %{buildroot}/etc/passwd\n"
            + "printf 'root:$6$salt$hash:19000:0:99999:7:::\\n' > %{buildroot}/etc/shadow\n");
    for (String pkg : packages) {
      spec.append("echo ").append(pkg).append(" > %{buildroot}/usr/share/wwtest/").append(pkg).append('\n');
    }
    for (String pkg : packages) {
      spec.append("\n%package -n ").append(pkg).append("\nSummary: ").append(pkg)
          .append("\n%description -n ").append(pkg).append('\n').append(pkg).append(".\n%files -n ").append(pkg)
          .append("\n/usr/share/wwtest/").append(pkg).append('\n');
      if (pkg.equals("basesystem")) {
        spec.append("/etc/redhat-release\n/etc/passwd\n%attr(0640,root,root) /etc/shadow\n");
      }
    }
    Path specFile = Files.writeString(base.resolve("wwtest.spec"), spec.toString());
    ChrootFixture.sh(base, "rpmbuild", "-bb", "--define", "_topdir " + base.resolve("rpmbuild"), specFile.toString());
    repo = Files.createDirectories(base.resolve("repo"));
    try (var rpms = Files.list(base.resolve("rpmbuild/RPMS/noarch"))) {
      for (Path rpm : (Iterable<Path>) rpms::iterator) {
        Files.copy(rpm, repo.resolve(rpm.getFileName()));
      }
    }
    ChrootFixture.sh(base, "createrepo_c", "-q", repo.toString());
  }

  @AfterAll
  void cleanUp() throws Exception {
    if (base != null && ChrootFixture.mountsUnder(base).isEmpty()) {
      ChrootFixture.sh(null, "rm", "-rf", "--one-file-system", base.toString());
    }
  }

  @Test
  void wwmkchroot_rhelGeneric_fromAFileMirror_thenWwmngchrootChangesIt() throws Exception {
    Path root = base.resolve("root");

    ChrootFixture.Result result =
        tools.run(Map.of("YUM_MIRROR", repo.toUri().toString()), "wwmkchroot", "rhel-generic", root.toString());

    assertThat(result.status()).as(result.all()).isZero();
    assertThat(Files.readString(root.resolve("etc/redhat-release"))).contains("Test Linux release 9");
    assertThat(root.resolve("usr/share/wwtest/openssh-server")).isRegularFile();
    // The rpm database is where the image's own rpm looks, not under Debian's ~/.rpmdb.
    assertThat(root.resolve("var/lib/rpm/rpmdb.sqlite")).isRegularFile();
    assertThat(root.resolve("root/.rpmdb")).doesNotExist();
    assertThat(ChrootFixture.sh(null, "rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm", "-q", "basesystem"))
        .startsWith("basesystem-1.0-1");
    assertThat(Files.readString(root.resolve("etc/shadow"))).startsWith("root:*:");
    assertThat(Files.readString(root.resolve("etc/fstab"))).startsWith("#GENERATED_ENTRIES#");
    assertThat(Files.readString(root.resolve("etc/sysconfig/network"))).isEqualTo("NETWORKING=yes\n");
    assertThat(Files.readString(root.resolve("etc/yum.repos.d/ww-0.repo"))).contains("baseurl=" + repo.toUri());
    assertThat(ChrootFixture.mountsUnder(root)).isEmpty();

    ChrootFixture.Result changed =
        tools.run("wwmngchroot", "-c", root.toString(), "-r", "less", "-i", "extra-tool", "-y");

    assertThat(changed.status()).as(changed.all()).isZero();
    assertThat(root.resolve("usr/share/wwtest/extra-tool")).isRegularFile();
    assertThat(root.resolve("usr/share/wwtest/less")).doesNotExist();
    assertThat(ChrootFixture.mountsUnder(root)).isEmpty();
  }

  @Test
  void wwmkchroot_rhelGeneric_fromInstallIsoImages_usesEveryImageWithoutMounting() throws Exception {
    // Three images: a documentation disc and two discs that each hold half of the packages, so
    // the build succeeds only when every image is read.
    Path docs = Files.createDirectories(base.resolve("media/docs"));
    Files.writeString(docs.resolve("README"), "documentation only\n");
    Path discA = Files.createDirectories(base.resolve("media/a"));
    Path discB = Files.createDirectories(base.resolve("media/b"));
    int index = 0;
    try (var rpms = Files.list(repo)) {
      for (Path rpm : (Iterable<Path>) rpms.filter(p -> p.toString().endsWith(".rpm")).sorted()::iterator) {
        Files.copy(rpm, (index++ % 2 == 0 ? discA : discB).resolve(rpm.getFileName()));
      }
    }
    ChrootFixture.sh(base, "createrepo_c", "-q", discA.toString());
    ChrootFixture.sh(base, "createrepo_c", "-q", discB.toString());
    List<String> images = new ArrayList<>();
    for (Path disc : List.of(docs, discA, discB)) {
      Path image = base.resolve(disc.getFileName() + ".iso");
      ChrootFixture.sh(base, "xorriso", "-as", "mkisofs", "-quiet", "-R", "-J", "-o", image.toString(), disc.toString());
      assertThat(image).isRegularFile();
      images.add(image.toString());
    }
    Path root = base.resolve("from-iso");

    ChrootFixture.Result result =
        tools.run(Map.of("INSTALL_ISO", String.join(",", images)), "wwmkchroot", "rhel-generic", root.toString());

    assertThat(result.status()).as(result.all()).isZero();
    assertThat(root.resolve("usr/share/wwtest/basesystem")).isRegularFile();
    assertThat(root.resolve("var/lib/rpm/rpmdb.sqlite")).isRegularFile();
    assertThat(ChrootFixture.mountsUnder(base)).isEmpty();
    try (var leftovers = Files.list(base.resolve("state/tmp"))) {
      assertThat(leftovers).isEmpty();
    }
  }

  @Test
  void wwmkchroot_withoutDnfOnPath_saysWhatToInstall() throws Exception {
    Path root = base.resolve("no-dnf");

    ChrootFixture.Result result = tools.run(
        Map.of("YUM_MIRROR", repo.toUri().toString(), "PATH", "/usr/sbin:/sbin"), "wwmkchroot", "rhel-generic", root.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("'dnf' is needed", "apt-get install dnf");
    assertThat(root).doesNotExist();
  }
}

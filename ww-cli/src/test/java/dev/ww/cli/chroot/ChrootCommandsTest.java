package dev.ww.cli.chroot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines of wwmkchroot and wwmngchroot; nothing here builds a root. */
class ChrootCommandsTest {

  @TempDir Path dir;

  @Test
  void wwmkchroot_withoutArguments_listsTemplatesWithOneLineDescriptions() {
    ChrootFixture.Result result = new ChrootFixture(dir).run("wwmkchroot");

    assertThat(result.status()).isZero();
    assertThat(result.out())
        .contains("Usage: wwmkchroot")
        .containsPattern("   \\* debian-12 +Debian 12 \\(bookworm\\)")
        .containsPattern("   \\* rhel-generic +")
        .containsPattern("   \\* centos-6 +");
  }

  @Test
  void wwmkchroot_helpWithTemplate_printsItsContextHelp() {
    ChrootFixture.Result result = new ChrootFixture(dir).run("wwmkchroot", "-h", "debian-12");

    assertThat(result.status()).isZero();
    assertThat(result.out()).startsWith("debian-12: ").contains("DEB_MIRROR", "INSTALL_ISO", "bookworm", "Packages:");
  }

  @Test
  void wwmkchroot_plainHelp_printsUsageAndTemplates() {
    ChrootFixture.Result result = new ChrootFixture(dir).run("wwmkchroot", "--help");

    assertThat(result.status()).isZero();
    assertThat(result.out()).contains("Usage: wwmkchroot", "--reuse", "rocky-9");
  }

  @Test
  void wwmkchroot_unknownTemplate_failsWithTheKnownNames() {
    ChrootFixture.Result result = new ChrootFixture(dir).run("wwmkchroot", "debain", dir.resolve("root").toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("wwmkchroot: error: unknown template 'debain'", "debian-12").doesNotContain("Exception");
    assertThat(dir.resolve("root")).doesNotExist();
  }

  @Test
  void wwmkchroot_missingPath_isAUsageError() {
    ChrootFixture.Result result = new ChrootFixture(dir).run("wwmkchroot", "debian-12");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("missing PATH");
  }

  @Test
  void wwmkchroot_hostRoot_isRefused() {
    ChrootFixture.Result result = new ChrootFixture(dir).run("wwmkchroot", "debian-12", "/");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("refusing to work on '/'");
  }

  @Test
  void wwmngchroot_withNothingToDo_isAUsageError() {
    ChrootFixture.Result result = new ChrootFixture(dir).run("wwmngchroot", "-c", dir.toString());

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("nothing to do");
  }

  @Test
  void wwmngchroot_missingChrootOption_isAUsageError() {
    ChrootFixture.Result result = new ChrootFixture(dir).run("wwmngchroot", "-i", "nano");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("--chroot");
  }

  @Test
  void wwmngchroot_hostRoot_isRefused() {
    ChrootFixture.Result result = new ChrootFixture(dir).run("wwmngchroot", "-c", "/", "-i", "nano", "-y");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("refusing to work on '/'");
  }
}

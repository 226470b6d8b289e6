package dev.ww.chroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateCatalogTest {

  @TempDir Path dir;

  @Test
  void load_builtIns_offerEveryPromisedTemplateWithItsFamily() throws Exception {
    TemplateCatalog catalog = TemplateCatalog.load(Layout.under(dir));

    assertThat(catalog.templates())
        .extracting(ChrootTemplate::name)
        .contains(
            "debian", "debian-11", "debian-12", "debian-13", "debian7", "rhel-generic", "rocky-8", "rocky-9",
            "almalinux-9", "centos-stream-9", "centos-5", "centos-6", "sl-5", "sl-6");
    assertThat(catalog.families()).extracting(DistributionFamily::name).containsExactly("debian", "rhel");
    assertThat(catalog.template("debian").release()).isEqualTo("bookworm");
    assertThat(catalog.template("debian-13").release()).isEqualTo("trixie");
    assertThat(catalog.template("debian7").mirrors()).containsExactly("http://archive.debian.org/debian");
    assertThat(catalog.template("debian7").verifySignatures()).isFalse();
    assertThat(catalog.template("centos-6").packageManager()).contains("yum");
    assertThat(catalog.template("centos-6").mirrors().get(0)).contains("vault.centos.org");
    assertThat(catalog.template("rhel-generic").mirrors()).isEmpty();
    for (ChrootTemplate template : catalog.templates()) {
      assertThat(template.packages()).as(template.name()).isNotEmpty();
      assertThat(template.description()).as(template.name()).doesNotContain("\n");
    }
  }

  @Test
  void load_siteTemplate_overridesBuiltInAndAddsNewOnes() throws Exception {
    Layout layout = Layout.under(dir);
    Path site = Files.createDirectories(layout.configDir().resolve("chroot-templates"));
    Files.writeString(site.resolve("debian-12.yaml"), "description: site bookworm\nfamily: debian\nrelease: bookworm\npackages: [less]\n");
    Files.writeString(site.resolve("lab.yaml"),
        "description: lab image\nfamily: rhel\nrelease: '9'\nmirrors: [file:///srv/repo]\npackages: [bash]\n"
            + "postBuild:\n  timezone: Europe/Berlin\n  sshHostKeys: false\n");

    TemplateCatalog catalog = TemplateCatalog.load(layout);

    assertThat(catalog.template("debian-12").packages()).containsExactly("less");
    assertThat(catalog.template("debian-12").source()).endsWith("debian-12.yaml");
    ChrootTemplate lab = catalog.template("lab");
    assertThat(lab.postBuild().timezone()).contains("Europe/Berlin");
    assertThat(lab.postBuild().sshHostKeys()).isFalse();
    assertThat(lab.postBuild().lockRoot()).isTrue();
  }

  @Test
  void load_misspelledKey_namesFileLineAndKnownKeys() throws Exception {
    Layout layout = Layout.under(dir);
    Path site = Files.createDirectories(layout.configDir().resolve("chroot-templates"));
    Files.writeString(site.resolve("bad.yaml"), "description: x\nfamily: debian\nrelease: bookworm\npackage: [less]\n");

    assertThatThrownBy(() -> TemplateCatalog.load(layout))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml:4")
        .hasMessageContaining("unknown key 'package'");
  }

  @Test
  void load_unknownFamily_isAUserError() throws Exception {
    Layout layout = Layout.under(dir);
    Path site = Files.createDirectories(layout.configDir().resolve("chroot-templates"));
    Files.writeString(site.resolve("suse.yaml"), "description: x\nfamily: suse\nrelease: '15'\npackages: [bash]\n");

    assertThatThrownBy(() -> TemplateCatalog.load(layout))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("unknown family 'suse'")
        .hasMessageContaining("debian, rhel");
  }

  @Test
  void load_missingPackagesAndBadNames_areRefused() throws Exception {
    Layout layout = Layout.under(dir);
    Path site = Files.createDirectories(layout.configDir().resolve("chroot-templates"));
    Files.writeString(site.resolve("nopkgs.yaml"), "description: x\nfamily: debian\nrelease: bookworm\n");
    assertThatThrownBy(() -> TemplateCatalog.load(layout)).hasMessageContaining("'packages' is required");

    Files.writeString(site.resolve("nopkgs.yaml"), "description: x\nfamily: debian\nrelease: bookworm\npackages: ['--force-yes']\n");
    assertThatThrownBy(() -> TemplateCatalog.load(layout)).hasMessageContaining("is not a package name");
  }

  @Test
  void template_unknownName_listsTheKnownOnes() throws Exception {
    TemplateCatalog catalog = TemplateCatalog.load(Layout.under(dir));

    assertThatThrownBy(() -> catalog.template("debain-12"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("unknown template 'debain-12'")
        .hasMessageContaining("debian-12");
  }

  @Test
  void contextHelp_saysWhatFromWhereAndWhichVariables() throws Exception {
    TemplateCatalog catalog = TemplateCatalog.load(Layout.under(dir));

    String help = catalog.contextHelp("debian-12");

    assertThat(help)
        .contains("bookworm", "http://deb.debian.org/debian", "openssh-server", "DEB_MIRROR", "INSTALL_ISO", "fstab");
    assertThat(catalog.contextHelp("rocky-9")).contains("YUM_MIRROR", "dnf", "BaseOS");
  }
}

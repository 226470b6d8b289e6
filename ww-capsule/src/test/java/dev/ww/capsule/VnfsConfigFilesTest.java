package dev.ww.capsule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VnfsConfigFilesTest {

  @TempDir Path root;

  private VnfsConfigFiles files() {
    return new VnfsConfigFiles(Layout.under(root));
  }

  private Path config(String name, String text) throws Exception {
    Path file = Layout.under(root).configFile(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void global_withoutFile_isWarewulf3Defaults() {
    VnfsConfig global = files().global();
    assertThat(global.excludes()).contains("/tmp/*", "/var/cache", "/usr/src");
    assertThat(global.hybridize()).contains("/usr/share/doc");
    assertThat(global.hybridPath()).isEmpty();
  }

  @Test
  void read_warewulf3KeyValueFile_appendsAndMovesLegacyExcludesToHybridize() throws Exception {
    config("vnfs.conf", """
        # Warewulf 3 style
        gzip command = pigz -9
        cpio command = cpio --quiet -o -H newc
        exclude += /tmp/*, /var/log/*
        exclude += /var/cache
        hybridize += /usr/share/doc
        hybridpath = /var/chroots/%{name}
        """);
    config("vnfs/node.conf", """
        chroot = /srv/chroots/node
        exclude += /var/cache/apt
        excludes += /opt/big
        """);
    VnfsConfig merged = files().global().with(files().vnfs("node").orElseThrow());
    assertThat(merged.excludes()).containsExactly("/tmp/*", "/var/log/*", "/var/cache", "/var/cache/apt");
    assertThat(merged.hybridize()).containsExactly("/usr/share/doc", "/opt/big");
    assertThat(merged.chroot()).contains(Path.of("/srv/chroots/node"));
    PathRules rules = VnfsConfigFiles.rules(merged, "node");
    assertThat(rules.hybridPath()).contains("/var/chroots/node");
  }

  @Test
  void read_yamlFile_withListsScalarsAndCompression() throws Exception {
    config("vnfs.conf", """
        exclude: [/tmp/*, /var/cache]
        hybridize: /usr/share/doc
        compression: zstd
        compression-level: 5
        """);
    VnfsConfig global = files().global();
    assertThat(global.excludes()).containsExactly("/tmp/*", "/var/cache");
    assertThat(global.hybridize()).containsExactly("/usr/share/doc");
    assertThat(global.compression()).contains(new Compression(Compression.Format.ZSTD, 5));
  }

  @Test
  void read_unknownYamlKey_namesTheFileAndTheKey() throws Exception {
    Path file = config("vnfs.conf", "exclued: [/tmp/*]\n");
    assertThatThrownBy(() -> files().global())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("exclued");
  }

  @Test
  void writeVnfsIfAbsent_writesYamlThatReadsBack_andNeverReplaces() throws Exception {
    VnfsConfig settings =
        new VnfsConfig(Optional.of(Path.of("/srv/c'hroot")), Optional.empty(), List.of("/opt/*"),
            List.of(), List.of("/usr/include"), List.of(), Optional.of("/hybrid/%{name}"),
            Optional.of(Compression.gzip()));
    assertThat(files().writeVnfsIfAbsent("n1", settings, "wwvnfs --chroot x")).isTrue();
    assertThat(files().vnfs("n1")).contains(settings);
    assertThat(files().writeVnfsIfAbsent("n1", VnfsConfig.empty(), "again")).isFalse();
    assertThat(files().vnfs("n1")).contains(settings);
  }

  @Test
  void validName_refusesWhatWarewulf3Refused() {
    assertThat(VnfsConfigFiles.validName("centos-7.9_x")).isEqualTo("centos-7.9_x");
    for (String bad : List.of("a b", "../x", "a/b", "", "..")) {
      assertThatThrownBy(() -> VnfsConfigFiles.validName(bad))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("illegal characters");
    }
  }
}

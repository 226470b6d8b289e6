package dev.ww.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigTest {

  record Database(String url, int poolSize, List<String> servers) {}

  @TempDir Path dir;
  private YamlConfig config;

  @BeforeEach
  void setUp() throws IOException {
    Layout layout = Layout.under(dir);
    Files.createDirectories(layout.configDir());
    config = new YamlConfig(layout);
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve("etc").resolve(name), text);
  }

  @Test
  void read_bindsTheFileToARecord() throws IOException {
    write("db.yaml", "url: jdbc:postgresql://db/ww\npoolSize: 4\nservers: [a, b]\n");

    assertThat(config.read("db.yaml", Database.class))
        .contains(new Database("jdbc:postgresql://db/ww", 4, List.of("a", "b")));
  }

  @Test
  void read_missingFile_isEmpty() {
    assertThat(config.read("absent.yaml", Database.class)).isEmpty();
  }

  @Test
  void read_unknownKey_namesKeyFileAndLine() throws IOException {
    write("db.yaml", "url: x\npoolsize: 4\n");

    assertThatThrownBy(() -> config.read("db.yaml", Database.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("db.yaml:2")
        .hasMessageContaining("unknown key 'poolsize'")
        .hasMessageContaining("poolSize");
  }

  @Test
  void read_brokenYaml_namesTheLine() throws IOException {
    write("db.yaml", "url: x\nservers: [a, b\npoolSize: 3\n");

    assertThatThrownBy(() -> config.read("db.yaml", Database.class))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).line()).isPresent())
        .hasMessageContaining("db.yaml:");
  }

  @Test
  void read_wrongType_isAConfigException() throws IOException {
    write("db.yaml", "url: x\npoolSize: many\n");

    assertThatThrownBy(() -> config.read("db.yaml", Database.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("db.yaml:2");
  }

  @Test
  void read_emptyFile_isAnError() throws IOException {
    write("db.yaml", "");

    assertThatThrownBy(() -> config.read("db.yaml", Database.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("empty");
  }
}

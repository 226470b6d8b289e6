package dev.ww.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.Layout;
import dev.ww.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatastoreSettingsTest {

  @TempDir Path root;

  @Test
  void noConfig_meansEmbedded() {
    assertThat(DatastoreSettings.load(Layout.under(root)).backend()).isEqualTo(DatastoreSettings.Backend.EMBEDDED);
  }

  @Test
  void postgresql_withPasswordFile() throws Exception {
    Layout layout = Layout.under(root);
    Files.createDirectories(layout.configDir());
    Files.writeString(layout.configFile("secret"), "s3cret\n");
    Files.writeString(layout.configFile("warewulf.yaml"),
        "other: 1\ndatastore:\n  backend: postgresql\n  url: jdbc:postgresql://db:5432/ww\n  user: ww\n  password-file: secret\n");
    DatastoreSettings settings = DatastoreSettings.load(layout);
    assertThat(settings.backend()).isEqualTo(DatastoreSettings.Backend.POSTGRESQL);
    assertThat(settings.password()).isEqualTo("s3cret");
    assertThat(settings.toString()).doesNotContain("s3cret");
  }

  @Test
  void unknownKeyOrBackend_isAConfigError() throws Exception {
    Layout layout = Layout.under(root);
    Files.createDirectories(layout.configDir());
    Files.writeString(layout.configFile("warewulf.yaml"), "datastore:\n  backend: mysql\n");
    assertThatThrownBy(() -> DatastoreSettings.load(layout)).isInstanceOf(ConfigException.class).hasMessageContaining("mysql");
    Files.writeString(layout.configFile("warewulf.yaml"), "datastore:\n  hots: x\n");
    assertThatThrownBy(() -> DatastoreSettings.load(layout)).isInstanceOf(ConfigException.class).hasMessageContaining("hots");
    Files.writeString(layout.configFile("warewulf.yaml"), "datastore: [\n");
    assertThatThrownBy(() -> DatastoreSettings.load(layout)).isInstanceOf(ConfigException.class).hasMessageContaining("warewulf.yaml");
  }
}

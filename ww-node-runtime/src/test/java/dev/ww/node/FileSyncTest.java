package dev.ww.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileSyncTest {

  @Test
  void normalized_dropsDoubledSlashesAndDotComponents() {
    assertThat(FileSync.normalized("/etc/motd")).isEqualTo("/etc/motd");
    assertThat(FileSync.normalized("//etc//./motd/")).isEqualTo("/etc/motd");
    assertThat(FileSync.normalized("/etc/.hidden")).isEqualTo("/etc/.hidden");
    assertThat(FileSync.normalized("/./")).isEqualTo("/");
  }
}

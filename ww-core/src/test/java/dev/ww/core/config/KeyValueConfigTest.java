package dev.ww.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValueConfigTest {

  private static final Path FILE = Path.of("/etc/warewulf/vnfs.conf");

  private static KeyValueConfig parse(String... lines) {
    return KeyValueConfig.parse(FILE, List.of(lines));
  }

  @Test
  void parse_assignment_replacesAndAppendAppends() {
    KeyValueConfig config =
        parse("exclude = /tmp/*", "exclude += /var/log/*, /usr/src", "hybridpath = /hybrid");

    assertThat(config.values("exclude")).containsExactly("/tmp/*", "/var/log/*", "/usr/src");
    assertThat(config.value("hybridpath")).contains("/hybrid");
  }

  @Test
  void parse_laterAssignment_replacesEarlierValues() {
    assertThat(parse("a = 1, 2", "a = 3").values("a")).containsExactly("3");
  }

  @Test
  void parse_keysWithSpaces_areCaseInsensitive() {
    KeyValueConfig config = parse("Gzip  Command = pigz -9");

    assertThat(config.value("gzip command")).contains("pigz -9");
    assertThat(config.value("GZIP COMMAND")).contains("pigz -9");
  }

  @Test
  void parse_commentsAndBlankLines_areIgnored() {
    KeyValueConfig config = parse("# heading", "", "drivers += e1000 # the nic", "   ");

    assertThat(config.values("drivers")).containsExactly("e1000");
  }

  @Test
  void parse_indentedLine_continuesThePreviousKey() {
    KeyValueConfig config = parse("drivers += e1000,", "    virtio_net, nvme");

    assertThat(config.values("drivers")).containsExactly("e1000", "virtio_net", "nvme");
  }

  @Test
  void parse_quotes_protectCommasAndHashes() {
    KeyValueConfig config = parse("kargs = \"quiet, splash\", '#1'");

    assertThat(config.values("kargs")).containsExactly("quiet, splash", "#1");
  }

  @Test
  void parse_whitespaceDoesNotSplitValues() {
    assertThat(parse("cpio command = cpio --quiet -o -H newc").values("cpio command"))
        .containsExactly("cpio --quiet -o -H newc");
  }

  @Test
  void parse_onBase_appendsToTheBaseAndReplacesWithEquals() {
    KeyValueConfig global = parse("exclude += /tmp/*", "hybridpath = /a");
    KeyValueConfig perImage =
        KeyValueConfig.parse(
            Path.of("vnfs/compute.conf"), List.of("exclude += /scratch", "hybridpath = /b"), global);

    assertThat(perImage.values("exclude")).containsExactly("/tmp/*", "/scratch");
    assertThat(perImage.value("hybridpath")).contains("/b");
    assertThat(global.values("exclude")).containsExactly("/tmp/*");
  }

  @Test
  void parse_lineWithoutEquals_namesFileAndLine() {
    assertThatThrownBy(() -> parse("a = 1", "just some words"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("/etc/warewulf/vnfs.conf:2:")
        .hasMessageContaining("just some words")
        .satisfies(e -> assertThat(((ConfigException) e).line()).contains(2));
  }

  @Test
  void parse_missingKey_isAnError() {
    assertThatThrownBy(() -> parse(" = value")).isInstanceOf(ConfigException.class);
  }

  @Test
  void values_ofAbsentKey_isEmpty() {
    assertThat(parse("a = 1").values("b")).isEmpty();
    assertThat(parse("a = 1").value("b")).isEmpty();
    assertThat(parse("a = 1").contains("A")).isTrue();
  }
}

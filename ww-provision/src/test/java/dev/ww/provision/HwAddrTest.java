package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HwAddrTest {

  @Test
  void parse_acceptsColonAndHyphenFormsInAnyCase() {
    assertThat(HwAddr.parse("52-54-00-AB-cd-01").value()).isEqualTo("52:54:00:ab:cd:01");
    assertThat(HwAddr.parse("52:54:00:ab:cd:01").hyphenated()).isEqualTo("52-54-00-ab-cd-01");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "52:54:00", "../../etc/passwd", "52:54:00:ab:cd:0g", "52:54:00:ab:cd:01\n",
      "52::54:00:ab:cd:01", "%2e%2e"})
  void parse_rejectsAnythingElse(String text) {
    assertThatThrownBy(() -> HwAddr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    assertThat(HwAddr.isValid(text)).isFalse();
  }
}

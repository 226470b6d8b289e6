package dev.ww.node.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellValuesTest {

  @Test
  void parse_serverNodeConfig_readsQuotedValuesAndIgnoresExports() {
    String text = "WWNAME='n1'\nexport WWNAME\nWWEVIL='$(touch /x)'\\'' `id`'\nexport WWEVIL\n# c\n\n";
    Map<String, String> v = ShellValues.parse(text, "cfg");
    assertThat(v).containsEntry("WWNAME", "n1").containsEntry("WWEVIL", "$(touch /x)' `id`");
  }

  @Test
  void parse_bareAndDoubleQuotedValues_areAccepted() {
    assertThat(ShellValues.parse("A=b\nB=\"c d\"\nC=\n", "f"))
        .containsEntry("A", "b").containsEntry("B", "c d").containsEntry("C", "");
  }

  @Test
  void parse_commandSubstitution_isRefusedWithLine() {
    assertThatThrownBy(() -> ShellValues.parse("A=1\nB=$(id)\n", "cfg"))
        .hasMessageContaining("cfg:2");
    assertThatThrownBy(() -> ShellValues.parse("echo hi\n", "cfg")).hasMessageContaining("cfg:1");
    assertThatThrownBy(() -> ShellValues.parse("A='open\n", "cfg")).hasMessageContaining("unterminated");
  }

  @Test
  void quote_roundTripsThroughParse() {
    String nasty = "it's $(x) `y` \\ \"z\"";
    assertThat(ShellValues.parse("K=" + ShellValues.quote(nasty), "f")).containsEntry("K", nasty);
  }
}

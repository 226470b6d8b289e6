package dev.ww.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.UserException;
import org.junit.jupiter.api.Test;

class NodeRangeTest {

  @Test
  void expand_range_padsToWidthOfStart() {
    assertThat(NodeRange.expand("n00[00-99]")).hasSize(100).startsWith("n0000", "n0001").endsWith("n0099");
  }

  @Test
  void expand_listAndRanges() {
    assertThat(NodeRange.expand("n00[00,10-12]")).containsExactly("n0000", "n0010", "n0011", "n0012");
    assertThat(NodeRange.expand("r[1-2]n[1-2]")).containsExactly("r1n1", "r1n2", "r2n1", "r2n2");
    assertThat(NodeRange.expand("plain")).containsExactly("plain");
  }

  @Test
  void expand_emptyOrMalformedRange_isAClearError() {
    assertThatThrownBy(() -> NodeRange.expand("n[10-5]")).isInstanceOf(UserException.class).hasMessageContaining("expands to nothing");
    assertThatThrownBy(() -> NodeRange.expand("n[]")).isInstanceOf(UserException.class);
    assertThatThrownBy(() -> NodeRange.expand("n[1-")).isInstanceOf(UserException.class).hasMessageContaining("without ']'");
    assertThatThrownBy(() -> NodeRange.expand("n[a-b]")).isInstanceOf(UserException.class).hasMessageContaining("not a number");
  }
}

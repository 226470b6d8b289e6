package dev.ww.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributesTest {

  @Test
  void keys_areCaseInsensitive() {
    Attributes a = Attributes.empty().set("Console", "ttyS0");
    assertThat(a.get("CONSOLE")).contains("ttyS0");
    assertThat(a.has("console")).isTrue();
    assertThat(a.asMap()).containsOnlyKeys("CONSOLE");
  }

  @Test
  void add_appendsWithoutDuplicates_andScalarReadsLastValue() {
    Attributes a = Attributes.empty().add("groups", List.of("a", "b")).add("GROUPS", List.of("b", "c"));
    assertThat(a.list("groups")).containsExactly("a", "b", "c");
    assertThat(a.get("groups")).contains("c");
  }

  @Test
  void delete_values_removesKeyWithItsLastValue() {
    Attributes a = Attributes.empty().set("GROUPS", List.of("a", "b"));
    assertThat(a.delete("groups", List.of("a")).list("GROUPS")).containsExactly("b");
    assertThat(a.delete("groups", List.of("a", "b")).has("GROUPS")).isFalse();
    assertThat(a.delete("GROUPS").isEmpty()).isTrue();
  }

  @Test
  void set_emptyValue_unsets() {
    assertThat(Attributes.empty().set("A", "x").set("a", List.of("")).has("A")).isFalse();
  }

  @Test
  void modification_parsing_followsWarewulf3() {
    Attributes a = Attributes.empty();
    a = Modification.parseSet("NORUNTIMESERVICES=1").applyTo(a);
    assertThat(a.get("noruntimeservices")).contains("1");
    a = Modification.parseSet("files=a, b ,c").applyTo(a);
    assertThat(a.list("FILES")).containsExactly("a", "b", "c");
    a = Modification.parseDelete("FILES=b").applyTo(a);
    assertThat(a.list("FILES")).containsExactly("a", "c");
    a = Modification.parseDelete("NORUNTIMESERVICES").applyTo(a);
    assertThat(a.has("NORUNTIMESERVICES")).isFalse();
    a = Modification.parseSet("FILES=").applyTo(a);
    assertThat(a.isEmpty()).isTrue();
  }

  @Test
  void modification_ofPrivateMember_isRefused() {
    assertThatThrownBy(() -> Modification.refusePrivate(List.of(Modification.parseSet("_ID=3"))))
        .isInstanceOf(UserException.class).hasMessageContaining("private");
    assertThatThrownBy(() -> Modification.parseSet("NOVALUE")).isInstanceOf(UserException.class);
  }
}

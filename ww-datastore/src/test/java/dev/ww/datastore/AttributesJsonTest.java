package dev.ww.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.datastore.internal.AttributesJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributesJsonTest {

  @Test
  void roundTrip_keepsOddCharacters() {
    Attributes a = Attributes.empty()
        .set("NAME", "n0001")
        .set("KARGS", List.of("quiet \"x\"", "a\\b", "tab\tnew\nline", "\u0001ctl", "é€"));
    String json = AttributesJson.write(a);
    assertThat(AttributesJson.read(json)).isEqualTo(a);
    assertThat(AttributesJson.read(" { \"NAME\" : [ \"x\" ] , \"E\":[] } ").asMap()).containsOnlyKeys("NAME");
    assertThat(AttributesJson.read("{}").isEmpty()).isTrue();
  }

  @Test
  void damagedData_isReported() {
    assertThatThrownBy(() -> AttributesJson.read("{\"A\":[\"x\"]")).hasMessageContaining("damaged");
    assertThatThrownBy(() -> AttributesJson.read("{\"A\":[\"x\"]} x")).hasMessageContaining("damaged");
  }
}

package dev.ww.capsule.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RawNamesTest {

  private final RawNames utf8 = new RawNames(StandardCharsets.UTF_8);

  @Test
  void pathAndBytes_roundTripNamesThatAreNotUtf8() {
    byte[] raw = {'/', 't', 'm', 'p', '/', 'c', 'a', 'f', (byte) 0xe9, ' ', '%', '4', '1'};
    Path path = utf8.path(raw);
    assertThat(utf8.bytes(path)).isEqualTo(raw);
    assertThat(utf8.fileNameBytes(path)).isEqualTo(new byte[] {'c', 'a', 'f', (byte) 0xe9, ' ', '%', '4', '1'});
  }

  @Test
  void representable_isTrueForAsciiAndValidUtf8Only() {
    assertThat(utf8.representable("na\u00efve".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(utf8.representable(new byte[] {'c', (byte) 0xe9})).isFalse();
    assertThat(new RawNames(StandardCharsets.US_ASCII).representable("na\u00efve".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
  }

  @Test
  void display_showsInvalidBytesAsHex() {
    assertThat(RawNames.display(new byte[] {'c', (byte) 0xe9})).isEqualTo("c\\xE9");
    assertThat(RawNames.display("na\u00efve".getBytes(StandardCharsets.UTF_8))).isEqualTo("na\u00efve");
  }
}

package dev.ww.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParamsTest {

  @Test
  void printable_replacesControlCharactersAndCutsAt64() {
    assertThat(Params.printable("/WW/nodeconfig?hwaddr=1")).isEqualTo("/WW/nodeconfig?hwaddr=1");
    assertThat(Params.printable("a\r\nb\u0000c\u007f")).isEqualTo("a??b?c?");
    assertThat(Params.printable("x".repeat(64))).isEqualTo("x".repeat(64));
    assertThat(Params.printable("x".repeat(63) + "\n" + "y".repeat(10))).isEqualTo("x".repeat(63) + "?...");
    assertThat(Params.printable("z".repeat(100))).isEqualTo("z".repeat(64) + "...");
  }
}

package dev.ww.bootstrap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.bootstrap.TestElf;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElfModinfoTest {

  @Test
  void modinfo_readsEveryEntryOfTheSection() {
    byte[] module = TestElf.module(List.of("name=e1000", "depends=a,b", "firmware=x.bin", "firmware=y.bin"));

    List<String> info = ElfModinfo.modinfo(module);

    assertThat(info).containsExactly("name=e1000", "depends=a,b", "firmware=x.bin", "firmware=y.bin");
    assertThat(ElfModinfo.values(info, "firmware")).containsExactly("x.bin", "y.bin");
    assertThat(ElfModinfo.value(info, "depends")).contains("a,b");
    assertThat(ElfModinfo.value(info, "alias")).isEmpty();
  }

  @Test
  void modinfo_ofNonElf_isRefused() {
    assertThatThrownBy(() -> ElfModinfo.modinfo("#!/bin/sh\necho hello world, not an elf file at all\n".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void modinfo_withSectionTablePointingOutside_isRefused() {
    byte[] module = TestElf.module(List.of("name=x"));
    byte[] truncated = java.util.Arrays.copyOf(module, module.length - 100);
    assertThatThrownBy(() -> ElfModinfo.modinfo(truncated)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isDynamicallyLinked_seesTheInterpreterHeader() {
    assertThat(ElfModinfo.isDynamicallyLinked(TestElf.executable(true))).isTrue();
    assertThat(ElfModinfo.isDynamicallyLinked(TestElf.executable(false))).isFalse();
  }
}

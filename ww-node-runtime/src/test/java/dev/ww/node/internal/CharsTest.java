package dev.ww.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CharsTest {

  @Test
  void hardwareAddress_acceptsColonAndHyphenForms_6to20Bytes() {
    assertThat(Chars.hardwareAddress("52:54:00:AA:bb:01")).isTrue();
    assertThat(Chars.hardwareAddress("52-54-00-aa-bb-01")).isTrue();
    assertThat(Chars.hardwareAddress("80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:0b:0c")).isTrue();
    assertThat(Chars.hardwareAddress("52:54:00:aa:bb")).isFalse();
    assertThat(Chars.hardwareAddress("52:54:00:aa:bb:0g")).isFalse();
    assertThat(Chars.hardwareAddress("52:54:00:aa:bb:01:")).isFalse();
    assertThat(Chars.hardwareAddress("5254.00aa.bb01")).isFalse();
  }

  @Test
  void host_acceptsNamesIpv4AndBracketedIpv6_only() {
    assertThat(Chars.host("master.cluster")).isTrue();
    assertThat(Chars.host("10.0.0.1")).isTrue();
    assertThat(Chars.host("[fd00::1]")).isTrue();
    assertThat(Chars.host("a b")).isFalse();
    assertThat(Chars.host("m;rm")).isFalse();
    assertThat(Chars.host("[fd00::1")).isFalse();
    assertThat(Chars.host("")).isFalse();
  }

  @Test
  void digitsAndShellName() {
    assertThat(Chars.digits("0123", 4)).isTrue();
    assertThat(Chars.digits("01234", 4)).isFalse();
    assertThat(Chars.digits("-1", 4)).isFalse();
    assertThat(Chars.digits("", 4)).isFalse();
    assertThat(Chars.shellName("WW_X1")).isTrue();
    assertThat(Chars.shellName("_x")).isTrue();
    assertThat(Chars.shellName("1X")).isFalse();
    assertThat(Chars.shellName("A-B")).isFalse();
  }

  @Test
  void fileIdAndSha256Hex() {
    assertThat(Chars.fileId("f-motd_1.x")).isTrue();
    assertThat(Chars.fileId("a".repeat(128))).isTrue();
    assertThat(Chars.fileId("a".repeat(129))).isFalse();
    assertThat(Chars.fileId("")).isFalse();
    assertThat(Chars.fileId("a b")).isFalse();
    assertThat(Chars.fileId("a/b")).isFalse();
    assertThat(Chars.sha256Hex("0123456789abcdef".repeat(4))).isTrue();
    assertThat(Chars.sha256Hex("0123456789ABCDEF".repeat(4))).isFalse();
    assertThat(Chars.sha256Hex("0123456789abcdef".repeat(3))).isFalse();
  }
}

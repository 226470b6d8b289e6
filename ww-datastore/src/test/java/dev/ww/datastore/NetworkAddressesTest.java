package dev.ww.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.UserException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NetworkAddressesTest {

  @Test
  void hwaddr_isCanonicalised() {
    assertThat(NetworkAddresses.hwaddr("52-54-00-AB-cd-01")).isEqualTo("52:54:00:ab:cd:01");
    assertThat(NetworkAddresses.hwaddr("80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0f:93:61"))
        .hasSize(59);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "52:54:00:12:34", "52:54:00:12:34:5g", "5254.0012.3456", "52:54:00:12:34:56:78"})
  void hwaddr_malformed_isRefused(String text) {
    assertThatThrownBy(() -> NetworkAddresses.hwaddr(text)).isInstanceOf(UserException.class);
  }

  @Test
  void ipv4_andNetmask() {
    assertThat(NetworkAddresses.ipv4("010.0.0.1", "IP address")).isEqualTo("10.0.0.1");
    assertThat(NetworkAddresses.netmask("255.255.240.0")).isEqualTo("255.255.240.0");
    assertThatThrownBy(() -> NetworkAddresses.netmask("255.0.255.0")).isInstanceOf(UserException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0", "10.0.0.256", "10.0.0.-1", "a.b.c.d", "10..0.1", "1.2.3.4.5"})
  void ipv4_malformed_isRefused(String text) {
    assertThatThrownBy(() -> NetworkAddresses.ipv4(text, "IP address"))
        .isInstanceOf(UserException.class).hasMessageContaining("not a valid IP address");
  }
}

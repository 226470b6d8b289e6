package dev.ww.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.provision.HwAddr;
import dev.ww.provision.InMemoryCatalog;
import dev.ww.provision.NetDev;
import dev.ww.provision.PrivilegedPort;
import dev.ww.provision.ProvisionNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  static final HwAddr HW = HwAddr.parse("52:54:00:00:00:01");

  InMemoryCatalog catalog(boolean enabled, boolean privileged) throws Exception {
    return catalog(enabled, privileged ? PrivilegedPort.REQUIRED : PrivilegedPort.SERVER_DEFAULT);
  }

  InMemoryCatalog catalog(boolean enabled, PrivilegedPort rule) throws Exception {
    return new InMemoryCatalog()
        .put(ProvisionNode.builder("n1").enabled(enabled).privilegedPort(rule)
            .netdev(NetDev.of("eth0", HW, InetAddress.getByName("10.0.0.1"), null)).build());
  }

  static InetSocketAddress from(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  @Test
  void authorize_grantsTheNodeFromItsAddress() throws Exception {
    assertThat(new Authorizer(catalog(true, false), false).authorize(HW, from("10.0.0.1", 40000), true))
        .isInstanceOf(Authorizer.Granted.class);
    assertThat(new Authorizer(catalog(true, false), false).authorize(HW, from("::ffff:10.0.0.1", 40000), true))
        .isInstanceOf(Authorizer.Granted.class);
  }

  @Test
  void authorize_deniesUnknownDisabledWrongSourceAndUnprivilegedPort() throws Exception {
    assertThat(new Authorizer(catalog(true, false), false)
            .authorize(HwAddr.parse("52:54:00:00:00:09"), from("10.0.0.1", 1), true))
        .isInstanceOfSatisfying(Authorizer.Denied.class, d -> assertThat(d.why()).contains("unknown"));
    assertThat(new Authorizer(catalog(false, false), false).authorize(HW, from("10.0.0.1", 1), true))
        .isInstanceOfSatisfying(Authorizer.Denied.class, d -> assertThat(d.why()).contains("disabled"));
    assertThat(new Authorizer(catalog(true, false), false).authorize(HW, from("10.0.0.2", 1), true))
        .isInstanceOfSatisfying(Authorizer.Denied.class, d -> assertThat(d.why()).contains("10.0.0.2"));
    assertThat(new Authorizer(catalog(true, true), false).authorize(HW, from("10.0.0.1", 1024), true))
        .isInstanceOfSatisfying(Authorizer.Denied.class, d -> assertThat(d.why()).contains("privileged"));
    assertThat(new Authorizer(catalog(true, false), true).authorize(HW, from("10.0.0.1", 5000), true))
        .isInstanceOf(Authorizer.Denied.class);
  }

  @Test
  void authorize_portCheckIsSkippedForTheIpxeStage() throws Exception {
    assertThat(new Authorizer(catalog(true, true), true).authorize(HW, from("10.0.0.1", 5000), false))
        .isInstanceOf(Authorizer.Granted.class);
    assertThat(new Authorizer(catalog(true, true), true).authorize(HW, from("10.0.0.1", 1023), true))
        .isInstanceOf(Authorizer.Granted.class);
  }

  @Test
  void authorize_nodeRule_overridesTheServersSettingBothWays() throws Exception {
    assertThat(new Authorizer(catalog(true, PrivilegedPort.NOT_REQUIRED), true).authorize(HW, from("10.0.0.1", 40000), true))
        .isInstanceOf(Authorizer.Granted.class);
    assertThat(new Authorizer(catalog(true, PrivilegedPort.SERVER_DEFAULT), true).authorize(HW, from("10.0.0.1", 40000), true))
        .isInstanceOfSatisfying(Authorizer.Denied.class, d -> {
          assertThat(d.status()).isEqualTo(403);
          assertThat(d.why()).contains("40000").contains("the server requires");
        });
    assertThat(new Authorizer(catalog(true, PrivilegedPort.REQUIRED), false).authorize(HW, from("10.0.0.1", 40000), true))
        .isInstanceOfSatisfying(Authorizer.Denied.class, d -> assertThat(d.why()).contains("this node requires"));
    assertThat(new Authorizer(catalog(true, PrivilegedPort.SERVER_DEFAULT), false).authorize(HW, from("10.0.0.1", 40000), true))
        .isInstanceOf(Authorizer.Granted.class);
  }

  @Test
  void privilegedPort_parse_blankIsDefaultNegativesWaiveAnythingElseRequires() {
    assertThat(PrivilegedPort.parse(java.util.Optional.empty())).isEqualTo(PrivilegedPort.SERVER_DEFAULT);
    assertThat(PrivilegedPort.parse(java.util.Optional.of("  "))).isEqualTo(PrivilegedPort.SERVER_DEFAULT);
    for (String no : new String[] {"no", "NO", "0", "false", "Off"}) {
      assertThat(PrivilegedPort.parse(java.util.Optional.of(no))).as(no).isEqualTo(PrivilegedPort.NOT_REQUIRED);
    }
    for (String yes : new String[] {"yes", "1", "true", "on", "ys"}) {
      assertThat(PrivilegedPort.parse(java.util.Optional.of(yes))).as(yes).isEqualTo(PrivilegedPort.REQUIRED);
    }
  }
}

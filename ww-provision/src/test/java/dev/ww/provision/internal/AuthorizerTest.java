package dev.ww.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.provision.HwAddr;
import dev.ww.provision.InMemoryCatalog;
import dev.ww.provision.NetDev;
import dev.ww.provision.ProvisionNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  static final HwAddr HW = HwAddr.parse("52:54:00:00:00:01");

  InMemoryCatalog catalog(boolean enabled, boolean privileged) throws Exception {
    return new InMemoryCatalog()
        .put(ProvisionNode.builder("n1").enabled(enabled).privilegedPortRequired(privileged)
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
}

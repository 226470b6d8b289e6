package dev.ww.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.provision.HwAddr;
import dev.ww.provision.NetDev;
import dev.ww.provision.NodeAttribute;
import dev.ww.provision.ProvisionNode;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TemplaterTest {

  static final HwAddr HW = HwAddr.parse("52:54:00:00:00:01");

  Templater templater() throws Exception {
    ProvisionNode n =
        ProvisionNode.builder("n1")
            .domain("c.test")
            .netdev(NetDev.of("eth0", HW, InetAddress.getByName("10.0.0.1"), InetAddress.getByName("255.255.255.0")))
            .netdev(NetDev.of("ib0", HwAddr.parse("52:54:00:00:00:02"), InetAddress.getByName("10.1.0.1"), null))
            .attribute(NodeAttribute.of("Cluster", "alpha"))
            .attribute(NodeAttribute.of("dns", "a", "b"))
            .build();
    return new Templater(n, HW);
  }

  @Test
  void apply_replacesKeysCaseInsensitively() throws Exception {
    assertThat(templater().apply("%{name}.%{DOMAIN} in %{cluster} (%{FQDN})"))
        .isEqualTo("n1.c.test in alpha (n1.c.test)");
  }

  @Test
  void apply_indexesListsAndWalksNetdevs() throws Exception {
    assertThat(templater().apply("%{DNS} %{DNS}[1] %{DNS}[7] %{NETDEVS::IB0::IPADDR} %{netdevs::eth0::netmask}"))
        .isEqualTo("a b  10.1.0.1 255.255.255.0");
  }

  @Test
  void apply_unknownKeysBecomeEmptyAndOtherTextStays() throws Exception {
    assertThat(templater().apply("x%{NOPE}y %{NETDEVS::eth9::IPADDR} 100% %{ $1 \\ %{bad key}"))
        .isEqualTo("xy  100% %{ $1 \\ %{bad key}");
  }
}

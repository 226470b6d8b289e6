package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class InMemoryCatalogTest {

  static final HwAddr A = HwAddr.parse("52:54:00:00:00:0a");
  static final HwAddr B = HwAddr.parse("52:54:00:00:00:0b");

  static ProvisionNode node(String name, HwAddr... hws) throws Exception {
    ProvisionNode.Builder b = ProvisionNode.builder(name);
    int i = 0;
    for (HwAddr hw : hws) {
      b.netdev(NetDev.of("eth" + i, hw, InetAddress.getByName("10.0.0." + (10 + i++)), null));
    }
    return b.build();
  }

  @Test
  void nodeByHwaddr_followsReplacementsAndRemovals() throws Exception {
    InMemoryCatalog c = new InMemoryCatalog().put(node("n1", A, B));
    assertThat(c.nodeByHwaddr(B)).get().extracting(ProvisionNode::name).isEqualTo("n1");
    c.put(node("n1", A));
    assertThat(c.nodeByHwaddr(B)).isEmpty();
    c.put(node("n2", B));
    assertThat(c.nodeByHwaddr(B)).get().extracting(ProvisionNode::name).isEqualTo("n2");
    c.removeNode("n1");
    assertThat(c.nodeByHwaddr(A)).isEmpty();
    assertThat(c.nodeByHwaddr(B)).isPresent();
  }

  @Test
  void nodeByHwaddr_anAddressOnTwoNodes_staysFoundWhenOneGoes() throws Exception {
    InMemoryCatalog c = new InMemoryCatalog().put(node("n1", A)).put(node("n2", A));
    c.removeNode("n2");
    assertThat(c.nodeByHwaddr(A)).get().extracting(ProvisionNode::name).isEqualTo("n1");
  }
}

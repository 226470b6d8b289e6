package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.Layout;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.DatastoreSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes are built once per stored version: unchanged nodes are reused, changes seen at once. */
class DatastoreCatalogNodeCacheIT {

  static final HwAddr HW = HwAddr.parse("52:54:00:cc:00:01");

  @TempDir Path root;

  @Test
  void aNodeIsBuiltOncePerVersion_andEveryChangeIsSeenByTheNextLookup() throws Exception {
    try (Datastore store = Datastore.open(Layout.under(root), DatastoreSettings.embedded())) {
      store.write("test", "node", tx -> tx.create("node", Attributes.empty().set("NAME", "n1")
          .set("NETDEV.ETH0.HWADDR", HW.value()).set("NETDEV.ETH0.IPADDR", "10.0.0.1").set("CLUSTER", "a")));
      DatastoreCatalog catalog = new DatastoreCatalog(store, root.resolve("cache"));
      ProvisionNode first = catalog.nodeByHwaddr(HW).orElseThrow();
      assertThat(catalog.nodeByHwaddr(HW).orElseThrow()).isSameAs(first);
      assertThat(catalog.nodes()).singleElement().isSameAs(first);

      store.write("test", "change", tx -> {
        var o = tx.get("node", "n1").orElseThrow();
        return tx.update(o, o.attributes().set("CLUSTER", "b").set(DatastoreCatalog.PRIVILEGED_PORT, "yes"));
      });
      ProvisionNode second = catalog.nodeByHwaddr(HW).orElseThrow();
      assertThat(second).isNotSameAs(first);
      assertThat(second.attribute("cluster").orElseThrow().values()).containsExactly("b");
      assertThat(second.privilegedPort()).isEqualTo(PrivilegedPort.REQUIRED);
      assertThat(second.modified()).isAfterOrEqualTo(first.modified());

      store.write("test", "delete", tx -> {
        tx.delete(tx.get("node", "n1").orElseThrow());
        return null;
      });
      assertThat(catalog.nodeByHwaddr(HW)).isEmpty();
      assertThat(catalog.nodes()).isEmpty();
    }
  }
}

package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.Layout;
import dev.ww.core.event.EventHandlers;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.BlobRef;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.DatastoreSettings;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two provisioning servers, each with its own connection and blob cache, on one PostgreSQL
 * store: a change written through one store handle is served by both without a restart.
 */
class SharedPostgresStoreIT {

  static final String HW = "52:54:00:bb:00:01";

  @TempDir Path root;

  @Test
  void twoServersOnOneStore_serveTheSameChanges() throws Exception {
    ThrowawayPostgres pg = ThrowawayPostgres.start();
    DatastoreSettings settings = DatastoreSettings.postgresql(pg.url(), "postgres", "");
    try (Datastore admin = Datastore.open(Layout.under(root.resolve("admin")), settings);
        Datastore storeA = Datastore.open(Layout.under(root.resolve("a")), settings);
        Datastore storeB = Datastore.open(Layout.under(root.resolve("b")), settings)) {
      byte[] capsule = TestCluster.random(2_000_000, 11);
      BlobRef c = admin.blobs().put(new ByteArrayInputStream(capsule));
      admin.write("test", "setup", tx -> {
        tx.create("vnfs", Attributes.empty().set("NAME", "img").set("_BLOB", c.sha256()).set("SIZE", String.valueOf(c.size())));
        return tx.create("node", Attributes.empty().set("NAME", "n1").set("NETDEV.ETH0.HWADDR", HW)
            .set("NETDEV.ETH0.IPADDR", "127.0.0.1").set("VNFS", "img").set("CLUSTER", "one"));
      });
      try (ProvisionServer a = server(storeA, "a"); ProvisionServer b = server(storeB, "b")) {
        for (ProvisionServer s : new ProvisionServer[] {a, b}) {
          assertThat(get(s, "/WW/nodeconfig?hwaddr=" + HW).text()).contains("WWCLUSTER='one'");
          assertThat(TestCluster.sha256(get(s, "/WW/vnfs?hwaddr=" + HW).body())).isEqualTo(c.sha256());
        }
        admin.write("test", "change", tx -> {
          var n = tx.get("node", "n1").orElseThrow();
          return tx.update(n, n.attributes().set("CLUSTER", "two"));
        });
        assertThat(get(a, "/WW/nodeconfig?hwaddr=" + HW).text()).contains("WWCLUSTER='two'");
        assertThat(get(b, "/WW/nodeconfig?hwaddr=" + HW).text()).contains("WWCLUSTER='two'");
        assertThat(root.resolve("a/cache/" + c.sha256())).exists();
        assertThat(root.resolve("b/cache/" + c.sha256())).exists();
      }
    } finally {
      pg.stop();
    }
  }

  private ProvisionServer server(Datastore store, String name) throws Exception {
    return ProvisionServer.start(
        ServerSettings.builder().build(),
        new DatastoreCatalog(store, root.resolve(name).resolve("cache")),
        new BootReportLog(1),
        EventHandlers.none());
  }

  private static RawHttp.Response get(ProvisionServer s, String uri) throws Exception {
    return RawHttp.get(new InetSocketAddress("127.0.0.1", s.address().getPort()), "127.0.0.1", uri);
  }
}

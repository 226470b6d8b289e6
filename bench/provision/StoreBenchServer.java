import dev.ww.core.Layout;
import dev.ww.core.event.EventHandlers;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.BlobRef;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.DatastoreSettings;
import dev.ww.provision.BootReportLog;
import dev.ww.provision.DatastoreCatalog;
import dev.ww.provision.ProvisionServer;
import dev.ww.provision.ServerSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The provisioning server on a real embedded datastore, as wwprovisiond runs it: node
 * 52:54:00:be:0c:01 at 127.0.0.1 with a capsule, a bootstrap, files and the attributes a
 * typical node carries, plus 999 other nodes. Args: store-directory. Prints "port N" when
 * ready; runs until stdin closes. Only the node config is measured against it.
 */
public class StoreBenchServer {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    try (Datastore store = Datastore.open(Layout.under(root), DatastoreSettings.embedded())) {
      BlobRef capsule = store.blobs().put(new ByteArrayInputStream(new byte[1 << 20]));
      BlobRef motd = store.blobs().put(new ByteArrayInputStream("hello %{NAME}\n".getBytes(StandardCharsets.UTF_8)));
      store.write("bench", "setup", tx -> {
        tx.create("vnfs", Attributes.empty().set("NAME", "bench").set("_BLOB", capsule.sha256())
            .set("SIZE", String.valueOf(capsule.size())));
        tx.create("file", Attributes.empty().set("NAME", "motd").set("_BLOB", motd.sha256())
            .set("SIZE", String.valueOf(motd.size())).set("PATH", "/etc/motd").set("MODE", "0644"));
        for (int i = 0; i < 1000; i++) {
          String hw = i == 0 ? "52:54:00:be:0c:01" : String.format("52:54:01:00:%02x:%02x", i / 256, i % 256);
          String ip = i == 0 ? "127.0.0.1" : String.format("10.0.%d.%d", i / 250, 1 + i % 250);
          tx.create("node", Attributes.empty()
              .set("NAME", String.format("n%04d", i))
              .set("NETDEV.ETH0.HWADDR", hw).set("NETDEV.ETH0.IPADDR", ip)
              .set("NETDEV.ETH0.NETMASK", "255.0.0.0").set("NETDEV.ETH0.GATEWAY", "10.0.0.254")
              .set("NETDEV.IB0.IPADDR", "10.1.0." + (1 + i % 250)).set("NETDEV.IB0.NETMASK", "255.255.0.0")
              .set("GROUPS", List.of("compute", "rack" + (i / 40))).set("CLUSTER", "bench").set("DOMAIN", "cluster")
              .set("VNFS", "bench").set("FILES", List.of("motd")).set("KARGS", "quiet")
              .set("CONSOLE", "ttyS0,115200").set("IPMI_IPADDR", "10.2.0." + (1 + i % 250))
              .set("IPMI_PASSWORD", "secret"));
        }
        return null;
      });
      try (ProvisionServer server = ProvisionServer.start(
          ServerSettings.builder().listen(new InetSocketAddress("127.0.0.1", 0)).build(),
          new DatastoreCatalog(store, root.resolve("cache")),
          new BootReportLog(1),
          EventHandlers.none())) {
        System.out.println("port " + server.address().getPort());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
          // wait for the runner to close stdin
        }
      }
    }
  }
}

package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.Layout;
import dev.ww.core.event.EventHandlers;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.BlobRef;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.DatastoreSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on the real embedded datastore: what the store holds is what nodes get. */
class DatastoreCatalogIT {

  static final String HW = "52:54:00:aa:00:01";

  @TempDir Path root;
  Datastore store;
  ProvisionServer server;
  byte[] capsule = TestCluster.random(1_500_000, 7);
  byte[] capsule2 = TestCluster.random(900_000, 8);

  @BeforeEach
  void setUp() throws Exception {
    store = Datastore.open(Layout.under(root), DatastoreSettings.embedded());
    BlobRef c1 = put(capsule);
    BlobRef c2 = put(capsule2);
    BlobRef kernel = put(TestCluster.random(50_000, 9));
    BlobRef initramfs = put(TestCluster.random(70_000, 10));
    BlobRef motd = put("welcome to %{NAME} (%{NETDEVS::ETH0::IPADDR})\n".getBytes(StandardCharsets.UTF_8));
    BlobRef pre = put("#!/bin/sh\necho pre\n".getBytes(StandardCharsets.UTF_8));
    store.write("test", "setup", tx -> {
      tx.create("vnfs", blobObject("debian12", c1));
      tx.create("vnfs", blobObject("other", c2));
      tx.create("bootstrap", blobObject("bs1", initramfs)
          .set(DatastoreCatalog.KERNEL_BLOB, kernel.sha256())
          .set(DatastoreCatalog.KERNEL_SIZE, String.valueOf(kernel.size())));
      tx.create("file", blobObject("motd", motd).set("PATH", "/etc/motd").set("MODE", "0644").set("FORMAT", "data"));
      tx.create("file", blobObject("pre.sh", pre).set("PATH", "/tmp/pre.sh").set("MODE", "0755").set("FORMAT", "shell"));
      tx.create("file", Attributes.empty().set("NAME", "dynamic_hosts").set("PATH", "/etc/hosts").set("MODE", "0644"));
      tx.create("node", Attributes.empty()
          .set("NAME", "n0001")
          .set("NETDEV.ETH0.HWADDR", HW)
          .set("NETDEV.ETH0.IPADDR", "127.0.0.1")
          .set("NETDEV.ETH0.NETMASK", "255.0.0.0")
          .set("VNFS", "debian12")
          .set("BOOTSTRAP", "bs1")
          .set("FILES", List.of("motd", "dynamic_hosts"))
          .set("PRESCRIPT", "pre.sh")
          .set("IPMI_PASSWORD", "hunter2")
          .set("_ROOT_HASH", "$6$abc")
          .set("NODE_SECRETS", "_ROOT_HASH")
          .set("CLUSTER", "alpha"));
      tx.create("node", Attributes.empty()
          .set("NAME", "n0002")
          .set("NETDEV.ETH0.HWADDR", "52:54:00:aa:00:02")
          .set("NETDEV.ETH0.IPADDR", "127.0.0.2")
          .set("VNFS", "other"));
      return null;
    });
    server = ProvisionServer.start(
        ServerSettings.builder().listen(new java.net.InetSocketAddress("0.0.0.0", 0)).advertisedHost("127.0.0.1").build(),
        new DatastoreCatalog(store, root.resolve("cache/blobs")),
        new BootReportLog(4),
        EventHandlers.none());
  }

  @AfterEach
  void tearDown() {
    server.close();
    store.close();
  }

  BlobRef put(byte[] data) throws Exception {
    return store.blobs().put(new ByteArrayInputStream(data));
  }

  static Attributes blobObject(String name, BlobRef blob) {
    return Attributes.empty().set("NAME", name).set("_BLOB", blob.sha256()).set("SIZE", String.valueOf(blob.size()));
  }

  RawHttp.Response get(String from, String uri) throws Exception {
    return RawHttp.get(new java.net.InetSocketAddress("127.0.0.1", server.address().getPort()), from, uri);
  }

  @Test
  void nodeGetsItsConfigCapsuleFilesScriptsAndBootstrapFromTheStore() throws Exception {
    String config = get("127.0.0.1", "/WW/nodeconfig?hwaddr=" + HW).text();
    assertThat(config).contains("WWNAME='n0001'").contains("WWCLUSTER='alpha'")
        .contains("WWROOT_HASH='$6$abc'").doesNotContain("hunter2")
        .contains("WWVNFS_CHECKSUM='" + TestCluster.sha256(capsule) + "'");
    RawHttp.Response c = get("127.0.0.1", "/WW/vnfs?hwaddr=" + HW);
    assertThat(c.status()).isEqualTo(200);
    assertThat(TestCluster.sha256(c.body())).isEqualTo(TestCluster.sha256(capsule));
    assertThat(get("127.0.0.1", "/WW/file?hwaddr=" + HW + "&fileid=motd").text())
        .isEqualTo("welcome to n0001 (127.0.0.1)\n");
    assertThat(get("127.0.0.1", "/WW/file?hwaddr=" + HW).text().lines()).hasSize(2);
    assertThat(get("127.0.0.1", "/WW/file?hwaddr=" + HW + "&fileid=dynamic_hosts").text())
        .contains("127.0.0.1\tn0001\n").contains("127.0.0.2\tn0002\n");
    assertThat(get("127.0.0.1", "/WW/script?hwaddr=" + HW + "&type=pre").text()).isEqualTo("#!/bin/sh\necho pre\n");
    assertThat(get("127.0.0.1", "/WW/ipxe/52-54-00-aa-00-01").text()).contains("wwhostname=n0001");
    assertThat(get("127.0.0.1", "/WW/bootstrap/kernel?hwaddr=" + HW).body()).hasSize(50_000);
    assertThat(get("127.0.0.1", "/WW/bootstrap/initramfs?hwaddr=" + HW).body()).hasSize(70_000);
  }

  @Test
  void storeRules_stillDenyOtherNodesAndUnassignedFiles() throws Exception {
    assertThat(get("127.0.0.2", "/WW/vnfs?hwaddr=" + HW).status()).isEqualTo(403);
    assertThat(get("127.0.0.1", "/WW/vnfs?hwaddr=52:54:00:aa:00:02").status()).isEqualTo(403);
    assertThat(get("127.0.0.1", "/WW/file?hwaddr=" + HW + "&fileid=pre.sh").status()).isEqualTo(404);
  }

  @Test
  void aChangeInTheStore_isServedWithoutRestart() throws Exception {
    store.write("test", "switch capsule", tx -> {
      var node = tx.get("node", "n0001").orElseThrow();
      return tx.update(node, node.attributes().set("VNFS", "other").set("ENABLED", "yes"));
    });
    assertThat(TestCluster.sha256(get("127.0.0.1", "/WW/vnfs?hwaddr=" + HW).body()))
        .isEqualTo(TestCluster.sha256(capsule2));
    store.write("test", "disable", tx -> {
      var node = tx.get("node", "n0001").orElseThrow();
      return tx.update(node, node.attributes().set("ENABLED", "no"));
    });
    assertThat(get("127.0.0.1", "/WW/nodeconfig?hwaddr=" + HW).status()).isEqualTo(403);
  }
}

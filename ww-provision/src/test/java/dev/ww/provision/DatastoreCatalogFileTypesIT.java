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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File objects of every kind in the real embedded store, as the node's file list shows them. */
class DatastoreCatalogFileTypesIT {

  static final String HW = "52:54:00:aa:00:11";

  @TempDir Path root;
  Datastore store;
  ProvisionServer server;

  @BeforeEach
  void setUp() throws Exception {
    store = Datastore.open(Layout.under(root), DatastoreSettings.embedded());
    BlobRef target = store.blobs().put(new ByteArrayInputStream("/usr/bin/vim".getBytes(StandardCharsets.UTF_8)));
    store.write("test", "setup", tx -> {
      tx.create("file", file("null", "/dev/null", "0666").set("FILETYPE", "chr").set("MAJOR", "1").set("MINOR", "3"));
      tx.create("file", file("sda", "/dev/sda", "0660").set("FILETYPE", "blk").set("MAJOR", "8").set("MINOR", "0"));
      tx.create("file", file("initctl", "/run/initctl", "0600").set("FILETYPE", "fifo"));
      tx.create("file", file("data", "/srv/data", "2775").set("FILETYPE", "directory"));
      tx.create("file", file("vi", "/usr/bin/vi", "0777").set("FILETYPE", "symlink")
          .set("_BLOB", target.sha256()).set("SIZE", String.valueOf(target.size())));
      // Warewulf 3 stored the st_mode type bits as a number.
      tx.create("file", file("w3tty", "/dev/tty9", "0620").set("FILETYPE", "8192").set("MAJOR", "4").set("MINOR", "9"));
      tx.create("file", file("badtype", "/x", "0600").set("FILETYPE", "socket"));
      tx.create("file", file("nominor", "/dev/y", "0600").set("FILETYPE", "chr").set("MAJOR", "4"));
      tx.create("node", Attributes.empty()
          .set("NAME", "n0011")
          .set("NETDEV.ETH0.HWADDR", HW)
          .set("NETDEV.ETH0.IPADDR", "127.0.0.1")
          .set("FILES", List.of("null", "sda", "initctl", "data", "vi", "w3tty", "badtype", "nominor")));
      return null;
    });
    server = ProvisionServer.start(
        ServerSettings.builder().listen(new java.net.InetSocketAddress("127.0.0.1", 0)).build(),
        new DatastoreCatalog(store, root.resolve("cache/blobs")), new BootReportLog(4), EventHandlers.none());
  }

  @AfterEach
  void tearDown() {
    server.close();
    store.close();
  }

  static Attributes file(String name, String path, String mode) {
    return Attributes.empty().set("NAME", name).set("PATH", path).set("MODE", mode).set("UID", "0").set("GID", "5");
  }

  RawHttp.Response get(String uri) throws Exception {
    return RawHttp.get(new java.net.InetSocketAddress("127.0.0.1", server.address().getPort()), "127.0.0.1", uri);
  }

  @Test
  void fileList_carriesEveryKindsLetter_deviceNumbersAreTheContent_unparsableObjectsLeftOut() throws Exception {
    Map<String, String[]> lines = get("/WW/file?hwaddr=" + HW).text().lines()
        .map(l -> l.split(" ")).collect(Collectors.toMap(f -> f[0], f -> f));
    assertThat(lines).containsOnlyKeys("null", "sda", "initctl", "data", "vi", "w3tty");
    assertThat(lines.get("null")[4]).isEqualTo("c0666");
    assertThat(lines.get("sda")[4]).isEqualTo("b0660");
    assertThat(lines.get("initctl")[4]).isEqualTo("p0600");
    assertThat(lines.get("data")[4]).isEqualTo("d2775");
    assertThat(lines.get("vi")[4]).isEqualTo("l0777");
    assertThat(lines.get("w3tty")[4]).isEqualTo("c0620");
    assertThat(lines.get("null")[3]).isEqualTo("5");

    RawHttp.Response nul = get("/WW/file?hwaddr=" + HW + "&fileid=null");
    assertThat(nul.text()).isEqualTo("1:3\n");
    assertThat(lines.get("null")[6]).isEqualTo(TestCluster.sha256("1:3\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(get("/WW/file?hwaddr=" + HW + "&fileid=w3tty").text()).isEqualTo("4:9\n");
    assertThat(get("/WW/file?hwaddr=" + HW + "&fileid=vi").text()).isEqualTo("/usr/bin/vim");
    assertThat(get("/WW/file?hwaddr=" + HW + "&fileid=initctl").body()).isEmpty();
    assertThat(lines.get("initctl")[6]).isEqualTo(TestCluster.sha256(new byte[0]));
  }

  @Test
  void changedDeviceNumbers_changeTheEtag() throws Exception {
    String before = etagOf("sda");
    store.write("test", "renumber", tx -> {
      var o = tx.get("file", "sda").orElseThrow();
      return tx.update(o, o.attributes().set("MINOR", "16"));
    });
    assertThat(etagOf("sda")).isNotEqualTo(before)
        .isEqualTo(TestCluster.sha256("8:16\n".getBytes(StandardCharsets.US_ASCII)));
  }

  private String etagOf(String id) throws Exception {
    return get("/WW/file?hwaddr=" + HW).text().lines().map(l -> l.split(" "))
        .filter(f -> f[0].equals(id)).findFirst().orElseThrow()[6];
  }
}

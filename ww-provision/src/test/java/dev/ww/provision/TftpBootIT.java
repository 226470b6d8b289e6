package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.Layout;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.BlobRef;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.DatastoreSettings;
import dev.ww.datastore.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot stage over TFTP from a real embedded store, served by real dnsmasq (its TFTP server
 * on a loopback address, dropping to an unprivileged user when started as root) and fetched
 * with busybox's TFTP client: what a node's script names is there, byte for byte the store's.
 */
class TftpBootIT {

  static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
  static final Path BUSYBOX = Path.of("/bin/busybox");
  static final String T1_ETH0 = "52:54:00:00:02:01";
  static final String T1_ETH1 = "52:54:00:00:02:11";
  static final Pattern TFTP_URL = Pattern.compile("tftp://([0-9.]+)/(\\S+)");

  @TempDir Path dir;
  Datastore store;
  Path tftp;
  String host;
  Process dnsmasq;

  @BeforeEach
  void setUp() throws Exception {
    // The TFTP server may read as nobody: the path down to the TFTP root must be searchable.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    store = Datastore.open(Layout.under(dir.resolve("store")), DatastoreSettings.embedded());
    tftp = dir.resolve("tftp");
    ThreadLocalRandom r = ThreadLocalRandom.current();
    host = "127." + r.nextInt(1, 255) + "." + r.nextInt(1, 255) + "." + r.nextInt(2, 255);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (dnsmasq != null) {
      dnsmasq.destroy();
      if (!dnsmasq.waitFor(10, TimeUnit.SECONDS)) {
        dnsmasq.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    store.close();
  }

  DhcpSettings settings(BootTransport siteDefault) throws Exception {
    return new DhcpSettings((Inet4Address) InetAddress.getByName(host), 8080,
        (Inet4Address) InetAddress.getByName("127.0.0.0"), (Inet4Address) InetAddress.getByName("255.0.0.0"),
        Optional.empty(), Optional.empty(), "ww", siteDefault);
  }

  DatastoreCatalog catalog() throws IOException {
    return new DatastoreCatalog(store, dir.resolve("cache"));
  }

  BlobRef put(byte[] data) throws IOException {
    return store.blobs().put(new ByteArrayInputStream(data));
  }

  void bootstrap(String name, BlobRef kernel, BlobRef initramfs) throws IOException {
    store.write("test", "bootstrap " + name, tx -> {
      Attributes a = Attributes.empty().set("NAME", name)
          .set("_BLOB", initramfs.sha256()).set("SIZE", String.valueOf(initramfs.size()))
          .set(DatastoreCatalog.KERNEL_BLOB, kernel.sha256())
          .set(DatastoreCatalog.KERNEL_SIZE, String.valueOf(kernel.size()));
      Optional<StoredObject> old = tx.get("bootstrap", name);
      return old.isPresent() ? tx.update(old.get(), a) : tx.create("bootstrap", a);
    });
  }

  void node(String name, String hwaddr, String ip, String... members) throws IOException {
    store.write("test", "node " + name, tx -> {
      Attributes a = Attributes.empty().set("NAME", name)
          .set("NETDEV.ETH0.HWADDR", hwaddr).set("NETDEV.ETH0.IPADDR", ip);
      for (int i = 0; i < members.length; i += 2) {
        a = a.set(members[i], members[i + 1]);
      }
      return tx.create("node", a);
    });
  }

  void set(String node, String key, String value) throws IOException {
    store.write("test", "set " + key, tx -> {
      StoredObject o = tx.get("node", node).orElseThrow();
      return tx.update(o, o.attributes().set(key, value));
    });
  }

  Path image(String sha256) {
    return tftp.resolve("ww/bootstrap").resolve(sha256);
  }

  Path script(String hwaddr) {
    return tftp.resolve("ww/node").resolve(HwAddr.parse(hwaddr).hyphenated() + ".ipxe");
  }

  @Test
  void tftpNodes_getScriptsAndImagesThatDnsmasqServesByteForByte() throws Exception {
    Prerequisites.require(DNSMASQ, "dnsmasq-base");
    Prerequisites.require(BUSYBOX, "busybox-static");
    Prerequisites.require(TftpRoot.DEBIAN_IPXE.resolve("undionly.kpxe"), "ipxe");
    BlobRef kernel = put(TestCluster.random(300_000, 31));
    // Past 65,535 blocks of 512 bytes: the TFTP block number wraps, as with real initramfs sizes.
    BlobRef initramfs = put(TestCluster.random(34_000_000, 32));
    bootstrap("bs1", kernel, initramfs);
    store.write("test", "t1", tx -> tx.create("node", Attributes.empty().set("NAME", "t1")
        .set("NETDEV.ETH0.HWADDR", T1_ETH0).set("NETDEV.ETH0.IPADDR", "10.0.0.21")
        .set("NETDEV.ETH1.HWADDR", T1_ETH1).set("NETDEV.ETH1.IPADDR", "10.1.0.21")
        .set("BOOTSTRAP", "bs1").set("CONSOLE", "ttyS0,115200")
        .set(DatastoreCatalog.BOOT_TRANSPORT, "tftp")));
    node("h1", "52:54:00:00:02:02", "10.0.0.22", "BOOTSTRAP", "bs1", DatastoreCatalog.BOOT_TRANSPORT, "http");
    node("t3", "52:54:00:00:02:03", "10.0.0.23", "BOOTLOCAL", "exit", DatastoreCatalog.BOOT_TRANSPORT, "TFTP");
    node("t4", "52:54:00:00:02:04", "10.0.0.24", DatastoreCatalog.BOOT_TRANSPORT, "tftp");
    node("t5", "52:54:00:00:02:05", "10.0.0.25", "BOOTSTRAP", "bs1", "ENABLED", "no",
        DatastoreCatalog.BOOT_TRANSPORT, "tftp");
    DhcpSettings settings = settings(BootTransport.HTTP);
    TftpRoot.populate(tftp, settings, TftpRoot.DEBIAN_IPXE);

    TftpBootUpdate u = new TftpBoot(tftp, settings, "quiet").update(catalog());
    assertThat(u.nodes()).isEqualTo(2);
    assertThat(u.scriptsWritten()).isEqualTo(3);
    assertThat(u.imagesWritten()).isEqualTo(2);
    assertThat(u.skipped()).anyMatch(s -> s.startsWith("t4: no bootstrap")).anyMatch(s -> s.equals("t5: disabled"))
        .hasSize(2);
    assertThat(script("52:54:00:00:02:02")).doesNotExist();
    assertThat(Files.getPosixFilePermissions(image(initramfs.sha256())))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));

    startDnsmasq();
    String chain = fetchText("ww/tftp-chain.ipxe");
    assertThat(chain).contains("chain tftp://" + host + "/ww/node/${net0/mac:hexhyp}.ipxe");
    // What the chain script asks for, with the hyphenated address iPXE substitutes.
    String boot = fetchText("ww/node/" + HwAddr.parse(T1_ETH0).hyphenated() + ".ipxe");
    assertThat(boot).contains("wwhostname=t1").contains("wwmaster=" + host).contains("wwport=8080")
        .contains("wwtransport=http").contains("wwhwaddr=" + T1_ETH0).contains("console=ttyS0,115200");
    List<String> urls = new ArrayList<>();
    Matcher m = TFTP_URL.matcher(boot);
    while (m.find()) {
      assertThat(m.group(1)).isEqualTo(host);
      urls.add(m.group(2));
    }
    assertThat(urls).containsExactly("ww/bootstrap/" + kernel.sha256(), "ww/bootstrap/" + initramfs.sha256());
    Path storedKernel = dir.resolve("kernel.from-store");
    Path storedInitramfs = dir.resolve("initramfs.from-store");
    store.blobs().exportTo(kernel.sha256(), storedKernel);
    store.blobs().exportTo(initramfs.sha256(), storedInitramfs);
    assertThat(fetch(urls.get(0))).hasSameBinaryContentAs(storedKernel);
    assertThat(fetch(urls.get(1))).hasSameBinaryContentAs(storedInitramfs);
    assertThat(fetchText("ww/node/" + HwAddr.parse(T1_ETH1).hyphenated() + ".ipxe"))
        .contains("wwhwaddr=" + T1_ETH1).contains("wwnetdev=eth1");
    assertThat(fetchText("ww/node/52-54-00-00-02-03.ipxe")).contains("exit 1");
    assertThat(fetch("ww/undionly.kpxe")).hasSameBinaryContentAs(TftpRoot.DEBIAN_IPXE.resolve("undionly.kpxe"));
    assertThat(tftpGet("ww/node/52-54-00-00-02-02.ipxe", dir.resolve("h1.ipxe")))
        .as("an HTTP node has no TFTP script").isNotZero();

    TftpBootUpdate again = new TftpBoot(tftp, settings, "quiet").update(catalog());
    assertThat(again.scriptsWritten() + again.imagesWritten() + again.scriptsRemoved() + again.imagesRemoved()).isZero();
    assertThat(again.scriptsUnchanged()).isEqualTo(3);
    assertThat(again.imagesUnchanged()).isEqualTo(2);
  }

  @Test
  void changes_rewriteOnlyWhatChangedAndRemoveWhatNothingUses() throws Exception {
    BlobRef kernel = put(TestCluster.random(20_000, 41));
    BlobRef initramfs = put(TestCluster.random(30_000, 42));
    bootstrap("bs1", kernel, initramfs);
    node("t1", T1_ETH0, "10.0.0.21", "BOOTSTRAP", "bs1", DatastoreCatalog.BOOT_TRANSPORT, "tftp");
    node("n2", "52:54:00:00:02:02", "10.0.0.22", "BOOTSTRAP", "bs1");
    TftpBoot http = new TftpBoot(tftp, settings(BootTransport.HTTP), "quiet");
    assertThat(http.update(catalog()).scriptsWritten()).isEqualTo(1);
    FileTime kernelTime = FileTime.fromMillis(0);
    Files.setLastModifiedTime(image(kernel.sha256()), kernelTime);

    // A re-imported bootstrap: the new initramfs comes in under its own name, the old one goes,
    // the kernel is left alone, the script now names the new image.
    BlobRef initramfs2 = put(TestCluster.random(30_000, 43));
    bootstrap("bs1", kernel, initramfs2);
    TftpBootUpdate u = http.update(catalog());
    assertThat(u.imagesWritten()).isEqualTo(1);
    assertThat(u.imagesUnchanged()).isEqualTo(1);
    assertThat(u.imagesRemoved()).isEqualTo(1);
    assertThat(u.scriptsWritten()).isEqualTo(1);
    assertThat(image(initramfs.sha256())).doesNotExist();
    assertThat(image(initramfs2.sha256())).exists();
    assertThat(Files.getLastModifiedTime(image(kernel.sha256()))).isEqualTo(kernelTime);
    assertThat(script(T1_ETH0)).content().contains(initramfs2.sha256()).doesNotContain(initramfs.sha256());

    // The site's default becomes TFTP: n2 (no BOOTTRANSPORT of its own) follows.
    TftpBoot tftpSite = new TftpBoot(tftp, settings(BootTransport.TFTP), "quiet");
    u = tftpSite.update(catalog());
    assertThat(u.scriptsWritten()).isEqualTo(1);
    assertThat(u.scriptsUnchanged()).isEqualTo(1);
    assertThat(script("52:54:00:00:02:02")).exists();

    // A node going back to HTTP loses its script; when no node boots over TFTP, the images go.
    set("t1", DatastoreCatalog.BOOT_TRANSPORT, "http");
    set("n2", DatastoreCatalog.BOOT_TRANSPORT, "http");
    u = tftpSite.update(catalog());
    assertThat(u.nodes()).isZero();
    assertThat(u.scriptsRemoved()).isEqualTo(2);
    assertThat(u.imagesRemoved()).isEqualTo(2);
    assertThat(script(T1_ETH0)).doesNotExist();
    assertThat(tftp.resolve("ww/bootstrap")).isEmptyDirectory();
  }

  @Test
  void aDamagedLocalCopy_isNotPlacedAndTheNodeIsSkippedWithTheReason() throws Exception {
    BlobRef kernel = put(TestCluster.random(20_000, 51));
    BlobRef initramfs = put(TestCluster.random(30_000, 52));
    bootstrap("bs1", kernel, initramfs);
    node("t1", T1_ETH0, "10.0.0.21", "BOOTSTRAP", "bs1", DatastoreCatalog.BOOT_TRANSPORT, "tftp");
    DatastoreCatalog catalog = catalog();
    Path cached = catalog.bootstrap("bs1").orElseThrow().initramfs().path();
    byte[] bytes = Files.readAllBytes(cached);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(cached, bytes);

    TftpBootUpdate u = new TftpBoot(tftp, settings(BootTransport.HTTP), "quiet").update(catalog);
    assertThat(u.skipped()).singleElement().asString().startsWith("t1: image ").contains("damaged local copy");
    assertThat(u.scriptsWritten()).isZero();
    assertThat(script(T1_ETH0)).doesNotExist();
    assertThat(image(initramfs.sha256())).doesNotExist();
    // The kernel was placed, but with its node left out nothing uses it; nor is a temporary
    // copy of the damaged image left behind.
    assertThat(tftp.resolve("ww/bootstrap")).isEmptyDirectory();
  }

  private void startDnsmasq() throws Exception {
    Path log = dir.resolve("dnsmasq.log");
    dnsmasq = new ProcessBuilder(DNSMASQ.toString(), "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
        "--enable-tftp", "--tftp-root=" + tftp, "--listen-address=" + host, "--bind-interfaces",
        "--pid-file=" + dir.resolve("dnsmasq.pid"), "--log-facility=-")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    for (int i = 0; i < 100; i++) {
      if (Files.readString(log).contains("TFTP root is")) {
        return;
      }
      if (!dnsmasq.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("dnsmasq did not start its TFTP server on " + host + ":\n" + Files.readString(log));
  }

  private int tftpGet(String remote, Path local) throws Exception {
    Process p = new ProcessBuilder(BUSYBOX.toString(), "tftp", "-g", "-r", remote, "-l", local.toString(), host)
        .redirectErrorStream(true).redirectOutput(dir.resolve("tftp-client.log").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("TFTP transfer of " + remote).isTrue();
    return p.exitValue();
  }

  private Path fetch(String remote) throws Exception {
    Path local = dir.resolve("fetched-" + remote.replace('/', '_'));
    int status = tftpGet(remote, local);
    assertThat(status).as("TFTP get " + remote + ": " + Files.readString(dir.resolve("tftp-client.log"))).isZero();
    return local;
  }

  private String fetchText(String remote) throws Exception {
    return Files.readString(fetch(remote), StandardCharsets.UTF_8);
  }
}

package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.event.EventHandlers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint, over real HTTP on loopback, against the in-memory catalog. */
class ProvisionServerIT {

  @TempDir Path dir;
  TestCluster cluster;
  ProvisionServer server;
  BootReportLog reports = new BootReportLog(10);
  List<AccessEvent> access = new CopyOnWriteArrayList<>();
  HttpClient http = HttpClient.newHttpClient();
  String base;

  @BeforeEach
  void start() throws Exception {
    cluster = new TestCluster(dir, 3_000_000);
    server =
        ProvisionServer.start(
            ServerSettings.builder().build(),
            cluster.catalog,
            reports,
            EventHandlers.builder().add(AccessEvent.class, access::add).build());
    base = "http://127.0.0.1:" + server.address().getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void health_answersOk() throws Exception {
    HttpResponse<byte[]> r = get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r)).isEqualTo("ok\n");
  }

  @Test
  void chainScript_handsOverToPerMacScript() throws Exception {
    String s = text(get("/WW/ipxe/chain"));
    assertThat(s).startsWith("#!ipxe\n").contains("chain " + base + "/WW/ipxe/${net0/mac:hexhyp}");
  }

  @Test
  void nodeIpxe_hasKernelInitrdAndArguments() throws Exception {
    HttpResponse<byte[]> r = get("/WW/ipxe/52-54-00-00-00-01");
    assertThat(r.statusCode()).isEqualTo(200);
    String s = text(r);
    assertThat(s)
        .contains("kernel " + base + "/WW/bootstrap/kernel?hwaddr=52:54:00:00:00:01 initrd=initrd.img")
        .contains("wwhostname=n1.cluster.test")
        .contains("wwmaster=127.0.0.1")
        .contains("wwport=" + server.address().getPort())
        .contains("wwipaddr=127.0.0.1 wwnetmask=255.0.0.0 wwgateway=127.0.0.254")
        .contains("console=tty0 console=ttyS0,115200n8")
        .contains("net.ifnames=0 biosdevname=0 quiet")
        .contains("initrd --name initrd.img " + base + "/WW/bootstrap/initramfs?hwaddr=52:54:00:00:00:01")
        .endsWith("boot\n");
  }

  @Test
  void nodeIpxe_bootLocalNodeGetsExitScript() throws Exception {
    String s = text(get("/WW/ipxe/52-54-00-00-00-04"));
    assertThat(s).startsWith("#!ipxe").contains("exit 1").doesNotContain("kernel");
  }

  @Test
  void bootstrap_kernelAndInitramfsAreTheBlobs() throws Exception {
    HttpResponse<byte[]> k = get("/WW/bootstrap/kernel?hwaddr=52:54:00:00:00:01");
    HttpResponse<byte[]> i = get("/WW/bootstrap/initramfs?hwaddr=52:54:00:00:00:01");
    assertThat(k.body()).isEqualTo(Files.readAllBytes(cluster.kernel.path()));
    assertThat(i.body()).isEqualTo(Files.readAllBytes(cluster.initramfs.path()));
    assertThat(k.headers().firstValue("etag")).hasValue("\"" + cluster.kernel.sha256() + "\"");
  }

  @Test
  void nodeConfig_isQuotedAndHasNoSecrets() throws Exception {
    String s = text(get("/WW/nodeconfig?hwaddr=52:54:00:00:00:01"));
    assertThat(s)
        .contains("WWNAME='n1'\nexport WWNAME\n")
        .contains("WWCLUSTER='alpha'")
        .contains("WWDNS='10.0.0.53,10.0.0.54'")
        .contains("WWVNFS_SHA256='" + cluster.capsule1.sha256() + "'")
        .contains("WWEVIL='$(touch /tmp/pwned)'\\''; echo x `id`'")
        .contains("WWROOT_TOKEN='for-the-node'")
        .doesNotContain("hunter2");
  }

  @Test
  void capsule_wholeBodyWithStrongEtag() throws Exception {
    HttpResponse<byte[]> r = get("/WW/vnfs?hwaddr=52:54:00:00:00:01");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("etag")).hasValue("\"" + cluster.capsule1.sha256() + "\"");
    assertThat(r.headers().firstValue("accept-ranges")).hasValue("bytes");
    assertThat(TestCluster.sha256(r.body())).isEqualTo(cluster.capsule1.sha256());
  }

  @Test
  void capsule_rangeResumesFromOffset() throws Exception {
    byte[] all = Files.readAllBytes(cluster.capsule1.path());
    HttpResponse<byte[]> r =
        get("/WW/vnfs?hwaddr=52:54:00:00:00:01", "Range", "bytes=1000000-",
            "If-Range", "\"" + cluster.capsule1.sha256() + "\"");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("content-range")).hasValue("bytes 1000000-2999999/3000000");
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(all, 1_000_000, all.length));
    HttpResponse<byte[]> tail = get("/WW/vnfs?hwaddr=52:54:00:00:00:01", "Range", "bytes=-10");
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(all, all.length - 10, all.length));
  }

  @Test
  void capsule_staleIfRangeSendsWholeBody() throws Exception {
    HttpResponse<byte[]> r =
        get("/WW/vnfs?hwaddr=52:54:00:00:00:01", "Range", "bytes=10-", "If-Range", "\"old\"");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(3_000_000);
  }

  @Test
  void capsule_ifNoneMatchGives304() throws Exception {
    HttpResponse<byte[]> r =
        get("/WW/vnfs?hwaddr=52:54:00:00:00:01", "If-None-Match", "\"" + cluster.capsule1.sha256() + "\"");
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void capsule_headHasLengthButNoBody() throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/WW/vnfs?hwaddr=52:54:00:00:00:01"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-length")).hasValue("3000000");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void fileList_hasAssignedFilesWithEtagsAndTimestampFilter() throws Exception {
    String list = text(get("/WW/file?hwaddr=52:54:00:00:00:01"));
    String[] lines = list.split("\n");
    assertThat(lines).hasSize(3);
    String motd = TestCluster.sha256("hello n1 at 127.0.0.1 in alpha dns 10.0.0.54\n".getBytes(StandardCharsets.UTF_8));
    assertThat(list).contains("f-motd motd 0 0 -0644 " + TestCluster.T0.getEpochSecond() + " " + motd + " /etc/motd\n");
    assertThat(list).contains("f-bin tool 0 0 -0755 " + TestCluster.T0.getEpochSecond() + " ");
    assertThat(list).containsPattern("dynamic_hosts dynamic_hosts 0 0 -0644 \\d+ [0-9a-f]{64} /etc/hosts\n");
    assertThat(list).doesNotContain("f-shadow");
    for (String l : lines) {
      assertThat(l.split(" ")).hasSize(8);
    }
    String newer = text(get("/WW/file?hwaddr=52:54:00:00:00:01&timestamp=" + TestCluster.T0.getEpochSecond()));
    assertThat(newer).doesNotContain("f-motd").doesNotContain("f-bin");
  }

  @Test
  void fileContent_textIsTemplatedBinaryIsNot() throws Exception {
    HttpResponse<byte[]> motd = get("/WW/file?hwaddr=52:54:00:00:00:01&fileid=f-motd");
    assertThat(text(motd)).isEqualTo("hello n1 at 127.0.0.1 in alpha dns 10.0.0.54\n");
    assertThat(motd.headers().firstValue("etag")).hasValue("\"" + TestCluster.sha256(motd.body()) + "\"");
    HttpResponse<byte[]> again =
        get("/WW/file?hwaddr=52:54:00:00:00:01&fileid=f-motd", "If-None-Match", "\"" + TestCluster.sha256(motd.body()) + "\"");
    assertThat(again.statusCode()).isEqualTo(304);
    HttpResponse<byte[]> bin = get("/WW/file?hwaddr=52:54:00:00:00:01&fileid=f-bin");
    assertThat(bin.body()).isEqualTo(Files.readAllBytes(dir.resolve("bin")));
  }

  @Test
  void dynamicHosts_listsEveryAddressedNode() throws Exception {
    String hosts = text(get("/WW/file?hwaddr=52:54:00:00:00:01&fileid=dynamic_hosts"));
    assertThat(hosts).contains("127.0.0.1\tn1.cluster.test n1\n").contains("127.0.0.3\tn2.cluster.test n2\n");
  }

  @Test
  void dynamicHosts_changeTimeMovesWhenANodeIsRemoved() throws Exception {
    long before = hostsTime();
    cluster.catalog.removeNode("n2");
    assertThat(text(get("/WW/file?hwaddr=52:54:00:00:00:01&fileid=dynamic_hosts"))).doesNotContain("n2");
    assertThat(hostsTime()).isGreaterThan(before);
    assertThat(text(get("/WW/file?hwaddr=52:54:00:00:00:01&timestamp=" + before))).startsWith("dynamic_hosts ");
  }

  long hostsTime() throws Exception {
    return text(get("/WW/file?hwaddr=52:54:00:00:00:01")).lines()
        .filter(l -> l.startsWith("dynamic_hosts "))
        .mapToLong(l -> Long.parseLong(l.split(" ")[5]))
        .findFirst().orElseThrow();
  }

  @Test
  void script_concatenatesShellScriptsOnly() throws Exception {
    HttpResponse<byte[]> r = get("/WW/script?hwaddr=52:54:00:00:00:01&type=pre");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r)).isEqualTo("#!/bin/sh\necho pre\n#!/bin/sh\necho pre2\n");
    HttpResponse<byte[]> none = get("/WW/script?hwaddr=52:54:00:00:00:01&type=post");
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(none.body()).isEmpty();
  }

  @Test
  void report_isKeptPerNode() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/WW/report?hwaddr=52:54:00:00:00:01"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("stage=capsule&status=failed&message=disk+full"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(reports.latest("n1")).hasValueSatisfying(rep -> {
      assertThat(rep.stage()).isEqualTo("capsule");
      assertThat(rep.status()).isEqualTo(BootReport.Status.FAILED);
      assertThat(rep.message()).isEqualTo("disk full");
    });
  }

  @Test
  void changesInTheCatalog_areServedWithoutRestart() throws Exception {
    cluster.catalog.put(TestCluster.node("n1", TestCluster.N1, "127.0.0.1").capsule("c2").build());
    HttpResponse<byte[]> r = get("/WW/vnfs?hwaddr=52:54:00:00:00:01");
    assertThat(TestCluster.sha256(r.body())).isEqualTo(cluster.capsule2.sha256());
  }

  @Test
  void accessLog_getsOneEventPerResponse() throws Exception {
    get("/health");
    get("/WW/vnfs?hwaddr=52:54:00:00:00:01");
    Thread.sleep(200);
    assertThat(access).extracting(AccessEvent::uri).contains("/health", "/WW/vnfs?hwaddr=52:54:00:00:00:01");
    assertThat(access).filteredOn(a -> a.uri().startsWith("/WW/vnfs")).first()
        .satisfies(a -> assertThat(a.bytes()).isEqualTo(3_000_000));
  }

  @Test
  void keepAlive_servesSeveralRequestsOnOneConnection() throws Exception {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()));
      for (int i = 0; i < 3; i++) {
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(RawHttp.read(s.getInputStream()).status()).isEqualTo(200);
      }
      s.getOutputStream().write(
          "GET /WW/vnfs?hwaddr=52:54:00:00:00:01 HTTP/1.1\r\nHost: x\r\nRange: bytes=0-99\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(RawHttp.read(s.getInputStream()).body()).hasSize(100);
    }
  }

  @Test
  void halfClosedConnection_requestSentBeforeTheShutdownIsAnswered() throws Exception {
    try (java.net.Socket s = new java.net.Socket()) {
      s.setSoTimeout(10_000);
      s.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()));
      s.getOutputStream().write(
          "GET /WW/nodeconfig?hwaddr=52:54:00:00:00:01 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      RawHttp.Response r = RawHttp.read(s.getInputStream());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).contains("WWNAME='n1'");
      assertThat(s.getInputStream().read()).as("closed after the response").isEqualTo(-1);
    }
  }

  @Test
  void halfClosedConnection_incompleteRequestIsRefusedAndClosedAtOnce() throws Exception {
    try (java.net.Socket s = new java.net.Socket()) {
      s.setSoTimeout(5_000);
      s.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()));
      // Headers never finished: the request can never be complete.
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      long start = System.nanoTime();
      assertThat(RawHttp.read(s.getInputStream()).status()).isEqualTo(400);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      // Closed because of the shutdown, not by the 10 s request deadline.
      assertThat(System.nanoTime() - start).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void halfClosedConnection_withNothingSentIsClosedAtOnce() throws Exception {
    try (java.net.Socket s = new java.net.Socket()) {
      s.setSoTimeout(5_000);
      s.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()));
      s.shutdownOutput();
      long start = System.nanoTime();
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      assertThat(System.nanoTime() - start).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
    }
  }
}

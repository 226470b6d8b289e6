package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.event.EventHandlers;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More nodes than transfer slots download at once: the excess get 503 with Retry-After, retry
 * after that delay, and every node ends with the whole, correct capsule.
 */
class BootStormIT {

  @TempDir Path dir;

  @Test
  void storm_excessTransfersAreDeferredAndAllComplete() throws Exception {
    TestCluster cluster = new TestCluster(dir, 8_000_000);
    int nodes = 24;
    int cap = 4;
    List<HwAddr> macs = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      HwAddr hw = HwAddr.parse(String.format("52:54:00:01:00:%02x", i));
      macs.add(hw);
      cluster.catalog.put(TestCluster.node("storm" + i, hw, "127.0.1." + (i + 1)).capsule("c1").build());
    }
    AtomicInteger deferred = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    List<Integer> retryAfters = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ProvisionServer server =
        ProvisionServer.start(
            ServerSettings.builder()
                .listen(new InetSocketAddress("0.0.0.0", 0))
                .maxConcurrentTransfers(cap)
                .retryAfter(1, 1)
                .build(),
            cluster.catalog,
            new BootReportLog(1),
            EventHandlers.none())) {
      InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.address().getPort());
      ExecutorService pool = Executors.newFixedThreadPool(nodes + 1);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        String from = "127.0.1." + (i + 1);
        HwAddr hw = macs.get(i);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int attempt = 0; attempt < 200; attempt++) {
                    Download d = download(addr, from, hw);
                    if (d.status == 200) {
                      return d.sha256;
                    }
                    assertThat(d.status).isEqualTo(503);
                    deferred.incrementAndGet();
                    retryAfters.add(d.retryAfter);
                    Thread.sleep(d.retryAfter * 1000L);
                  }
                  throw new AssertionError("never admitted");
                }));
      }
      Future<?> sampler =
          pool.submit(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  maxInFlight.accumulateAndGet(server.transfersInFlight(), Math::max);
                  Thread.onSpinWait();
                }
              });
      go.countDown();
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo(cluster.capsule1.sha256());
      }
      sampler.cancel(true);
      pool.shutdownNow();
      System.out.printf(
          "boot storm: %d nodes, %d slots, %d deferred with Retry-After, at most %d in flight, all complete%n",
          nodes, cap, deferred.get(), maxInFlight.get());
      assertThat(deferred.get()).isPositive();
      assertThat(retryAfters).allSatisfy(s -> assertThat(s).isBetween(1, 2));
      assertThat(maxInFlight.get()).isLessThanOrEqualTo(cap);
      Thread.sleep(200);
      assertThat(server.transfersInFlight()).isZero();
    }
  }

  record Download(int status, int retryAfter, String sha256) {}

  /** Reads the capsule slowly (about 40 MB/s) so transfers overlap. */
  static Download download(InetSocketAddress addr, String from, HwAddr hw) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(addr);
      s.setReceiveBufferSize(64 * 1024);
      s.getOutputStream().write(("GET /WW/vnfs?hwaddr=" + hw + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          throw new AssertionError("closed in the head");
        }
        head.append((char) c);
      }
      int status = Integer.parseInt(head.substring(9, 12));
      if (status != 200) {
        String ra = head.toString().lines().filter(l -> l.toLowerCase().startsWith("retry-after:"))
            .findFirst().orElseThrow().substring(12).trim();
        return new Download(status, Integer.parseInt(ra), null);
      }
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      int n;
      long chunks = 0;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        if (++chunks % 40 == 0) {
          Thread.sleep(50);
        }
      }
      return new Download(200, 0, HexFormat.of().formatHex(md.digest()));
    }
  }
}

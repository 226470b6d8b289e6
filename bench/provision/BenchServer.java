import dev.ww.core.event.EventHandlers;
import dev.ww.provision.Blob;
import dev.ww.provision.BootReportLog;
import dev.ww.provision.CapsuleImage;
import dev.ww.provision.HwAddr;
import dev.ww.provision.InMemoryCatalog;
import dev.ww.provision.NetDev;
import dev.ww.provision.ProvisionNode;
import dev.ww.provision.ProvisionServer;
import dev.ww.provision.ServerSettings;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The provisioning server for the benchmark: one node (52:54:00:be:0c:01 at 127.0.0.1) with the
 * given capsule. Args: capsule-file sha256. Prints "port N" when ready; runs until stdin closes.
 */
public class BenchServer {
  public static void main(String[] args) throws Exception {
    Path capsule = Path.of(args[0]).toAbsolutePath();
    String sha = args[1];
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.put(new CapsuleImage("c1", "bench", new Blob(capsule, Files.size(capsule), sha, Instant.now())));
    catalog.put(
        ProvisionNode.builder("bench")
            .netdev(NetDev.of("eth0", HwAddr.parse("52:54:00:be:0c:01"), InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName("255.0.0.0")))
            .capsule("c1")
            .build());
    try (ProvisionServer server =
        ProvisionServer.start(
            ServerSettings.builder()
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .maxConcurrentTransfers(2048)
                .build(),
            catalog,
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

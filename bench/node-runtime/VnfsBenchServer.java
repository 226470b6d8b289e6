import dev.ww.capsule.Capsule;
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
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Builds a capsule of TREE into CAPSULE and serves it to node n1 (52:54:00:00:00:01 at
 * 127.0.0.1) from a real ProvisionServer on loopback; prints the port, then the capsule's size.
 * Usage: java -cp CLASSPATH VnfsBenchServer.java TREE CAPSULE
 */
public class VnfsBenchServer {
  public static void main(String[] args) throws Exception {
    Path tree = Path.of(args[0]);
    Path capsule = Path.of(args[1]);
    String sha;
    try (OutputStream out = Files.newOutputStream(capsule)) {
      sha = Capsule.fromTree(tree).writeTo(out).sha256();
    }
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.put(new CapsuleImage("c1", "bench", new Blob(capsule, Files.size(capsule), sha, Instant.now())));
    catalog.put(
        ProvisionNode.builder("n1")
            .netdev(NetDev.of("eth0", HwAddr.parse("52:54:00:00:00:01"),
                InetAddress.getByName("127.0.0.1"), InetAddress.getByName("255.0.0.0")))
            .capsule("c1")
            .modified(Instant.parse("2026-01-01T00:00:00Z"))
            .build());
    ProvisionServer server =
        ProvisionServer.start(ServerSettings.builder().build(), catalog, new BootReportLog(10), EventHandlers.none());
    System.out.println(server.address().getPort());
    System.out.println(Files.size(capsule));
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

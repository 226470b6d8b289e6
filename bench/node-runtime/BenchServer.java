import dev.ww.core.event.EventHandlers;
import dev.ww.provision.Blob;
import dev.ww.provision.BootReportLog;
import dev.ww.provision.HwAddr;
import dev.ww.provision.InMemoryCatalog;
import dev.ww.provision.NetDev;
import dev.ww.provision.NodeFile;
import dev.ww.provision.ProvisionNode;
import dev.ww.provision.ProvisionServer;
import dev.ww.provision.ServerSettings;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Serves COUNT small files (about 1 KiB each, templated text, 100 per directory) to node n1
 * (52:54:00:00:00:01 at 127.0.0.1) from a real ProvisionServer on loopback; prints the port.
 * Usage: java -cp CLASSPATH BenchServer.java BLOBDIR COUNT
 */
public class BenchServer {
  public static void main(String[] args) throws Exception {
    Path blobs = Files.createDirectories(Path.of(args[0]));
    int count = Integer.parseInt(args[1]);
    InMemoryCatalog catalog = new InMemoryCatalog();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    List<String> ids = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (int line = 0; body.length() < 1000; line++) {
      body.append("setting").append(line).append(" = value for %{NAME}\n");
    }
    for (int i = 0; i < count; i++) {
      byte[] content = (body + "# file " + i + "\n").getBytes(StandardCharsets.UTF_8);
      Path p = blobs.resolve("f" + i);
      Files.write(p, content);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
      String id = "f" + i;
      String path = String.format("/bench/d%02d/file%04d.conf", i / 100, i);
      catalog.put(NodeFile.regular(id, id, path, 0644, "data", new Blob(p, content.length, sha, t)));
      ids.add(id);
    }
    catalog.put(
        ProvisionNode.builder("n1")
            .netdev(NetDev.of("eth0", HwAddr.parse("52:54:00:00:00:01"),
                InetAddress.getByName("127.0.0.1"), InetAddress.getByName("255.0.0.0")))
            .files(ids)
            .modified(t)
            .build());
    ProvisionServer server =
        ProvisionServer.start(ServerSettings.builder().build(), catalog, new BootReportLog(10), EventHandlers.none());
    System.out.println(server.address().getPort());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

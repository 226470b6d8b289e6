import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N downloads of a URL path on 127.0.0.1:PORT and keeps them in flight by reading
 * slowly. Args: port path count seconds. Prints "inflight N" once every response has started
 * (status 200), then holds them for the given seconds.
 */
public class SlowClients {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String path = args[1];
    int n = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    List<Socket> sockets = new ArrayList<>();
    int ok = 0;
    for (int i = 0; i < n; i++) {
      Socket s = new Socket();
      s.setReceiveBufferSize(64 * 1024);
      s.connect(new InetSocketAddress("127.0.0.1", port));
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: b\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      sockets.add(s);
    }
    byte[] buf = new byte[16 * 1024];
    for (Socket s : sockets) {
      InputStream in = s.getInputStream();
      int got = in.read(buf);
      if (got > 12 && new String(buf, 0, 12, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
        ok++;
      }
    }
    System.out.println("inflight " + ok);
    System.out.flush();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      for (Socket s : sockets) {
        s.getInputStream().read(buf);
      }
      Thread.sleep(200);
    }
    for (Socket s : sockets) {
      s.close();
    }
  }
}

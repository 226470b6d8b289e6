package dev.ww.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket server in front of the real provisioning server: passes requests through, but
 * answers file content requests with a fault (a body cut short, wrong bytes, a server that dies
 * in the middle, or a 503 with Retry-After first).
 */
final class FaultServer implements AutoCloseable {

  enum Fault { TRUNCATE, CORRUPT, DIE, BUSY_ONCE, CUT_CAPSULE_ONCE, CORRUPT_SECOND_CAPSULE }

  private final ServerSocket socket;
  private final int upstream;
  private final Fault fault;
  private final Thread thread;
  final AtomicInteger contentRequests = new AtomicInteger();
  final java.util.List<String> ranges = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** For CORRUPT_SECOND_CAPSULE: the offset of the byte flipped in the second capsule body. */
  volatile int corruptAt;

  FaultServer(int upstream, Fault fault) throws IOException {
    this.upstream = upstream;
    this.fault = fault;
    this.socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.thread = new Thread(this::serve, "fault-server");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        handle(s);
      } catch (IOException e) {
        // closed, or the client went away
      }
    }
  }

  private void handle(Socket s) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    String requestLine = in.readLine();
    String range = null;
    String ifRange = null;
    for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
      String lower = l.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("range:")) {
        range = l.substring(6).strip();
      } else if (lower.startsWith("if-range:")) {
        ifRange = l.substring(9).strip();
      }
    }
    String path = requestLine.split(" ")[1];
    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + upstream + path).openConnection();
    if (range != null) {
      ranges.add(range);
      c.setRequestProperty("Range", range);
      if (ifRange != null) {
        c.setRequestProperty("If-Range", ifRange);
      }
    }
    int status = c.getResponseCode();
    InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream();
    byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
    String etag = c.getHeaderField("ETag");
    OutputStream out = s.getOutputStream();
    String contentRange = c.getHeaderField("Content-Range");
    if (fault == Fault.CUT_CAPSULE_ONCE && path.startsWith("/WW/vnfs") && status == 200
        && contentRequests.incrementAndGet() == 1) {
      out.write(head(200, bytes.length, etag, null));
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      return; // the connection breaks off; the server stays up
    }
    if (fault == Fault.CORRUPT_SECOND_CAPSULE && path.startsWith("/WW/vnfs") && status == 200
        && contentRequests.incrementAndGet() == 2) {
      bytes[corruptAt] ^= 0x5a; // same length, same ETag: only the content is wrong
    }
    boolean content = path.contains("fileid=") && status == 200 && fault != Fault.CUT_CAPSULE_ONCE
        && fault != Fault.CORRUPT_SECOND_CAPSULE;
    if (content) {
      int n = contentRequests.incrementAndGet();
      switch (fault) {
        case TRUNCATE -> {
          out.write(head(200, bytes.length, etag, null));
          out.write(bytes, 0, bytes.length / 2);
          out.flush();
          return;
        }
        case CORRUPT -> {
          bytes[bytes.length / 2] ^= 0x5a;
        }
        case DIE -> {
          out.write(head(200, bytes.length, etag, null));
          out.write(bytes, 0, bytes.length / 2);
          out.flush();
          socket.close(); // the server is gone: later connections are refused
          return;
        }
        case BUSY_ONCE -> {
          if (n == 1) {
            out.write(("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
          }
        }
        default -> throw new IllegalStateException();
      }
    }
    out.write(head(status, bytes.length, etag, contentRange));
    out.write(bytes);
    out.flush();
  }

  private static byte[] head(int status, long length, String etag, String contentRange) {
    return ("HTTP/1.1 " + status + " X\r\nContent-Length: " + length + "\r\n"
            + (contentRange == null ? "" : "Content-Range: " + contentRange + "\r\n")
            + (etag == null ? "" : "ETag: " + etag + "\r\n") + "Connection: close\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.ww.node.internal;

import dev.ww.core.UserException;
import dev.ww.node.NodeIdentity;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Talks HTTP/1.1 to the master, one connection per request ({@code Connection: close}). A
 * plain socket rather than the JDK's clients: it starts in a few milliseconds, reports a body
 * cut short exactly, and can use a source port below 1024 (run as root), which a server that
 * requires privileged ports checks. 503 answers are retried after their {@code Retry-After}.
 */
public final class MasterClient {

  /** How the client behaves; {@link #defaults()} for a node. */
  public record Settings(
      Duration connectTimeout, Duration readTimeout, int maxRetries, Duration maxRetryWait,
      boolean privilegedSourcePort) {
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(10), Duration.ofSeconds(60), 10, Duration.ofMinutes(5),
          "root".equals(System.getProperty("user.name")));
    }
  }

  private final NodeIdentity node;
  private final Settings settings;
  private final Sleeper sleeper;

  public MasterClient(NodeIdentity node, Settings settings, Sleeper sleeper) {
    this.node = node;
    this.settings = settings;
    this.sleeper = sleeper;
  }

  /** {@code /WW/...?hwaddr=THIS} plus {@code extra} query parameters (already encoded). */
  public String path(String endpoint, String extraQuery) {
    String q = "hwaddr=" + URLEncoder.encode(node.hwaddr(), StandardCharsets.UTF_8);
    return endpoint + "?" + q + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
  }

  /**
   * Sends GET for {@code path}, retrying 503 answers after their Retry-After; returns the first
   * other response (the caller checks the status and closes it).
   */
  public HttpResponse get(String path, Map<String, String> headers) throws IOException {
    for (int attempt = 0; ; attempt++) {
      HttpResponse r = connectAndSend(path, headers);
      if (r.status() != 503 || attempt >= settings.maxRetries()) {
        return r;
      }
      Duration wait = retryAfter(r);
      r.close();
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to retry " + path);
      }
    }
  }

  /** GET that must answer 200; the whole body, at most {@code limit} bytes. */
  public byte[] getBytes(String path, int limit, String what) throws IOException {
    try (HttpResponse r = get(path, Map.of())) {
      if (r.status() != 200) {
        throw failure(r, what);
      }
      return r.readBody(limit);
    }
  }

  /** The error for an unexpected status, with what a person can check. */
  public UserException failure(HttpResponse r, String what) {
    String hint =
        switch (r.status()) {
          case 403 ->
              ": the master refuses this node; check that " + node.hwaddr()
                  + " belongs to an enabled node and that this address is one of its addresses";
          case 404 -> ": not assigned to this node or does not exist";
          case 503 -> ": the master is busy; try again later";
          default -> "";
        };
    return new UserException(
        "Could not download " + what + " from " + r.origin() + ": HTTP " + r.status() + hint);
  }

  private Duration retryAfter(HttpResponse r) {
    long seconds = 5;
    String v = r.header("retry-after").orElse("").strip();
    if (Chars.digits(v, 9)) {
      seconds = Long.parseLong(v);
    }
    Duration d = Duration.ofSeconds(seconds);
    return d.compareTo(settings.maxRetryWait()) > 0 ? settings.maxRetryWait() : d;
  }

  private HttpResponse connectAndSend(String path, Map<String, String> headers) throws IOException {
    IOException last = null;
    StringBuilder tried = new StringBuilder();
    for (NodeIdentity.Master m : node.masters()) {
      Socket s;
      try {
        s = connect(m);
      } catch (IOException e) {
        last = e;
        tried.append(tried.length() == 0 ? "" : ", ").append(m).append(": ").append(e.getMessage());
        continue;
      }
      try {
        return exchange(s, m, path, headers);
      } catch (java.io.EOFException | java.net.SocketException | java.net.SocketTimeoutException e) {
        s.close();
        throw e;
      } catch (IOException e) {
        s.close();
        throw new IOException("http://" + m + path + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
    }
    throw new UserException("Could not reach the master (" + tried + ")", last);
  }

  private Socket connect(NodeIdentity.Master m) throws IOException {
    InetSocketAddress to = new InetSocketAddress(unbracket(m.host()), m.port());
    if (to.isUnresolved()) {
      throw new IOException("unknown host");
    }
    int timeout = (int) settings.connectTimeout().toMillis();
    if (settings.privilegedSourcePort()) {
      for (int i = 0; i < 32; i++) {
        Socket s = new Socket();
        try {
          s.setReuseAddress(true);
          s.bind(new InetSocketAddress(ThreadLocalRandom.current().nextInt(512, 1024)));
          s.connect(to, timeout);
          return s;
        } catch (BindException e) {
          s.close();
        } catch (IOException e) {
          s.close();
          if (e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
            throw e;
          }
        }
      }
    }
    Socket s = new Socket();
    try {
      s.connect(to, timeout);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private HttpResponse exchange(
      Socket s, NodeIdentity.Master m, String path, Map<String, String> headers) throws IOException {
    s.setSoTimeout((int) settings.readTimeout().toMillis());
    s.setTcpNoDelay(true);
    StringBuilder req = new StringBuilder();
    req.append("GET ").append(path).append(" HTTP/1.1\r\n");
    req.append("Host: ").append(m).append("\r\n");
    req.append("User-Agent: ww-node-runtime\r\n");
    req.append("Connection: close\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      req.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    req.append("\r\n");
    OutputStream out = s.getOutputStream();
    out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
    String statusLine = readLine(in);
    if (statusLine == null) {
      throw new IOException("connection closed before an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !Chars.digits(parts[1], 3) || parts[1].length() != 3) {
      throw new IOException("not an HTTP answer: " + abbreviate(statusLine));
    }
    Map<String, String> h = new LinkedHashMap<>();
    int total = 0;
    for (String line = readLine(in); ; line = readLine(in)) {
      if (line == null) {
        throw new IOException("connection closed in the answer's headers");
      }
      if (line.isEmpty()) {
        break;
      }
      total += line.length();
      if (total > 65536) {
        throw new IOException("answer headers too long");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        h.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
    }
    if (h.containsKey("transfer-encoding")) {
      throw new IOException("transfer encoding '" + h.get("transfer-encoding") + "' is not supported");
    }
    String len = h.get("content-length");
    if (len != null && !Chars.digits(len, 18)) {
      throw new IOException("bad Content-Length: " + abbreviate(len));
    }
    return new HttpResponse("http://" + m + path, Integer.parseInt(parts[1]), h, in, s);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (b.size() > 16384) {
        throw new IOException("answer line too long");
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  private static String unbracket(String host) {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}

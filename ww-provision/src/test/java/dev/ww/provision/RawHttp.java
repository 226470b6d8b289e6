package dev.ww.provision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on a plain socket, so a test can choose the source address and
 * port and send exactly the bytes it wants (malformed requests included).
 */
final class RawHttp {

  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  static Response get(InetSocketAddress server, String from, String pathAndQuery) throws IOException {
    return send(server, from, 0, "GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  static Response get(InetSocketAddress server, String from, String pathAndQuery, String... headers)
      throws IOException {
    StringBuilder r = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    for (String h : headers) {
      r.append(h).append("\r\n");
    }
    return send(server, from, 0, r.append("\r\n").toString());
  }

  static Response send(InetSocketAddress server, String from, int fromPort, String request)
      throws IOException {
    try (Socket s = new Socket()) {
      s.setSoTimeout(20_000);
      s.bind(new InetSocketAddress(InetAddress.getByName(from), fromPort));
      s.connect(server, 5_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return read(s.getInputStream());
    }
  }

  static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed before the response head ended");
      }
      head.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) ? state + 1
          : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    String len = headers.get("content-length");
    byte[] body;
    if (len != null) {
      body = in.readNBytes(Integer.parseInt(len));
    } else if (status == 304 || status == 204) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, body);
  }
}

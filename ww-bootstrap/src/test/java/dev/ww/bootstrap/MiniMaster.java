package dev.ww.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the provisioning server on loopback: fixed answers by path and query, or by
 * path alone, 404 for anything else, 204 for POSTs to /WW/report, and a record of every request
 * (path and query) and of every POST body.
 */
final class MiniMaster implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> posts = new CopyOnWriteArrayList<>();
  private final Map<String, Busy> busy = new ConcurrentHashMap<>();
  private final List<Long> requestTimes = new CopyOnWriteArrayList<>();

  /** A path answered with 503 and this Retry-After value for the next {@code times} GETs. */
  private record Busy(java.util.concurrent.atomic.AtomicInteger remaining, String retryAfter) {}

  MiniMaster() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  MiniMaster answer(String path, byte[] body) {
    answers.put(path, body);
    return this;
  }

  /**
   * The next {@code times} GETs of {@code path} get 503 with {@code Retry-After: retryAfter}
   * (as the provisioning server answers during a boot storm); {@code times} &lt; 0: always.
   */
  MiniMaster busy(String path, int times, String retryAfter) {
    busy.put(path, new Busy(new java.util.concurrent.atomic.AtomicInteger(times), retryAfter));
    return this;
  }

  /** When each request arrived ({@link System#nanoTime()}), in order. */
  List<Long> requestTimes() {
    return List.copyOf(requestTimes);
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  /** Every POST as {@code PATH?QUERY BODY}. */
  List<String> posts() {
    return List.copyOf(posts);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getRawQuery();
    requests.add(query == null ? path : path + "?" + query);
    requestTimes.add(System.nanoTime());
    if (exchange.getRequestMethod().equals("POST")) {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        posts.add((query == null ? path : path + "?" + query) + " " + body);
        // Without a length or a close, busybox wget would wait for a body after the 204.
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(path.equals("/WW/report") ? 204 : 404, -1);
      }
      return;
    }
    Busy refusal = busy.get(path);
    if (refusal != null && refusal.remaining().getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
      try (exchange) {
        byte[] text = "busy\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Retry-After", refusal.retryAfter());
        exchange.sendResponseHeaders(503, text.length);
        exchange.getResponseBody().write(text);
      }
      return;
    }
    byte[] body = query == null ? null : answers.get(path + "?" + query);
    if (body == null) {
      body = answers.get(path);
    }
    try (exchange) {
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

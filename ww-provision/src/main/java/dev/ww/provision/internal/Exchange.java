package dev.ww.provision.internal;

import dev.ww.core.event.EventHandlers;
import dev.ww.provision.AccessEvent;
import dev.ww.provision.Blob;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * One request and its response. Every response goes out through here, so each is logged once
 * (access event) and keep-alive is handled in one place. File bodies go out as a
 * {@link DefaultFileRegion}: the kernel copies file to socket (sendfile), never the heap.
 */
final class Exchange {

  static final String TEXT = "text/plain; charset=utf-8";
  static final String OCTETS = "application/octet-stream";

  final ChannelHandlerContext ctx;
  final FullHttpRequest request;
  final InetSocketAddress client;
  private final boolean keepAlive;
  private final long startNanos;
  private final EventHandlers events;
  private final String uri;
  private final HttpMethod method;
  private boolean answered;

  Exchange(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      InetSocketAddress client,
      boolean keepAlive,
      EventHandlers events) {
    this.ctx = ctx;
    this.request = request;
    this.client = client;
    this.keepAlive = keepAlive;
    this.events = events;
    this.startNanos = System.nanoTime();
    this.uri = Params.printable(request.uri());
    this.method = request.method();
  }

  boolean answered() {
    return answered;
  }

  boolean head() {
    return method.equals(HttpMethod.HEAD);
  }

  Optional<String> header(CharSequence name) {
    return Optional.ofNullable(request.headers().get(name));
  }

  void text(int status, String body) {
    bytes(status, TEXT, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  void bytes(int status, String type, byte[] body, Map<CharSequence, Object> extra) {
    boolean withBody = !head() && status != 304 && status != 204;
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            withBody ? Unpooled.wrappedBuffer(body) : Unpooled.EMPTY_BUFFER);
    HttpHeaders h = r.headers();
    if (status != 304 && status != 204) {
      h.set(HttpHeaderNames.CONTENT_TYPE, type);
      h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    }
    h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    extra.forEach(h::set);
    finish(r, null, withBody ? body.length : 0);
  }

  /** Text with a strong ETag, answering If-None-Match with 304. */
  void taggedBytes(String type, byte[] body, String sha256) {
    String etag = quote(sha256);
    if (matchesIfNoneMatch(etag)) {
      bytes(304, type, new byte[0], Map.of(HttpHeaderNames.ETAG, etag));
      return;
    }
    bytes(200, type, body, Map.of(HttpHeaderNames.ETAG, etag));
  }

  boolean matchesIfNoneMatch(String etag) {
    Optional<String> inm = header(HttpHeaderNames.IF_NONE_MATCH);
    if (inm.isEmpty()) {
      return false;
    }
    for (String t : inm.get().split(",")) {
      String v = t.trim();
      if (v.equals("*") || v.equals(etag) || v.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sends a stored blob: 304 for a matching If-None-Match, 206 for one satisfiable range (when
   * If-Range, if any, names the current entity tag), 416 when unsatisfiable, else 200.
   * {@code done} runs once the body is sent or the connection failed.
   */
  void blob(Blob blob, Runnable done) throws IOException {
    String etag = quote(blob.sha256());
    if (matchesIfNoneMatch(etag)) {
      bytes(304, OCTETS, new byte[0], Map.of(HttpHeaderNames.ETAG, etag));
      done.run();
      return;
    }
    Optional<String> range = header(HttpHeaderNames.RANGE);
    Optional<String> ifRange = header(HttpHeaderNames.IF_RANGE);
    if (ifRange.isPresent() && !ifRange.get().trim().equals(etag)) {
      range = Optional.empty();
    }
    ByteRange.Parsed parsed = ByteRange.parse(range, blob.size());
    if (parsed instanceof ByteRange.Unsatisfiable) {
      bytes(
          416,
          TEXT,
          "range not satisfiable\n".getBytes(StandardCharsets.UTF_8),
          Map.of(HttpHeaderNames.CONTENT_RANGE, "bytes */" + blob.size(), HttpHeaderNames.ETAG, etag));
      done.run();
      return;
    }
    FileChannel file;
    try {
      file = FileChannel.open(blob.path(), StandardOpenOption.READ);
    } catch (IOException e) {
      done.run();
      throw new IOException("cannot open blob " + blob.sha256() + ": " + e.getMessage(), e);
    }
    long actual = file.size();
    if (actual != blob.size()) {
      file.close();
      done.run();
      throw new IOException(
          "blob " + blob.sha256() + " is " + actual + " bytes on disk, catalog says " + blob.size());
    }
    long start = 0;
    long length = blob.size();
    HttpResponseStatus status = HttpResponseStatus.OK;
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    if (parsed instanceof ByteRange.Partial p) {
      start = p.range().start();
      length = p.range().length();
      r.setStatus(HttpResponseStatus.PARTIAL_CONTENT);
      r.headers()
          .set(
              HttpHeaderNames.CONTENT_RANGE,
              "bytes " + start + "-" + p.range().endInclusive() + "/" + blob.size());
    }
    HttpHeaders h = r.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, OCTETS);
    h.set(HttpHeaderNames.CONTENT_LENGTH, length);
    h.set(HttpHeaderNames.ETAG, etag);
    h.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
    h.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(Date.from(blob.modified())));
    h.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    if (head()) {
      file.close();
      finish(r, done, 0);
      return;
    }
    ctx.write(keepAliveHeaders(r));
    if (length > 0) {
      ctx.write(new DefaultFileRegion(file, start, length));
    } else {
      file.close();
    }
    long sent = length;
    answered = true;
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener(
            f -> {
              done.run();
              access(r.status().code(), f.isSuccess() ? sent : -1);
              if (!keepAlive || !f.isSuccess()) {
                ctx.close();
              }
            });
  }

  private HttpResponse keepAliveHeaders(HttpResponse r) {
    if (keepAlive) {
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return r;
  }

  private void finish(HttpResponse r, Runnable done, long bytes) {
    answered = true;
    keepAliveHeaders(r);
    Object last = r instanceof FullHttpResponse ? r : null;
    if (last == null) {
      ctx.write(r);
      last = LastHttpContent.EMPTY_LAST_CONTENT;
    }
    ctx.writeAndFlush(last)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (done != null) {
                    done.run();
                  }
                  access(r.status().code(), bytes);
                  if (!keepAlive || !f.isSuccess()) {
                    f.channel().close();
                  }
                });
  }

  private void access(int status, long bytes) {
    long micros = (System.nanoTime() - startNanos) / 1000;
    events.dispatch(new AccessEvent(client, method.name(), uri, status, bytes, micros));
  }

  static String quote(String tag) {
    return "\"" + tag + "\"";
  }
}

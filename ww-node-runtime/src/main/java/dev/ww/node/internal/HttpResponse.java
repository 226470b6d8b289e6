package dev.ww.node.internal;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Map;
import java.util.Optional;

/**
 * A response read from one connection: status, headers (names in lower case) and a body stream
 * that ends exactly at {@code Content-Length} and reports a connection that closes earlier as
 * an {@link EOFException}. Closing the response closes the connection.
 */
public final class HttpResponse implements Closeable {

  private final String origin;
  private final int status;
  private final Map<String, String> headers;
  private final InputStream body;
  private final Socket socket;

  HttpResponse(String origin, int status, Map<String, String> headers, InputStream raw, Socket socket) {
    this.origin = origin;
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.socket = socket;
    long length = contentLength();
    this.body = new Body(raw, length, origin);
  }

  public int status() {
    return status;
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /** Content-Length, or -1 when the body runs to the end of the connection. */
  public long contentLength() {
    return header("content-length").map(Long::parseLong).orElse(-1L);
  }

  /** The entity tag without quotes. */
  public Optional<String> etag() {
    Optional<String> h = header("etag");
    if (h.isEmpty()) {
      return h;
    }
    String e = h.get().startsWith("W/") ? h.get().substring(2) : h.get();
    return Optional.of(e.replace("\"", ""));
  }

  public InputStream body() {
    return body;
  }

  /** Reads the whole body, refusing more than {@code limit} bytes. */
  public byte[] readBody(int limit) throws IOException {
    long len = contentLength();
    if (len > limit) {
      throw new IOException(origin + ": answer of " + len + " bytes is larger than " + limit);
    }
    byte[] b = body.readNBytes(limit + 1);
    if (b.length > limit) {
      throw new IOException(origin + ": answer is larger than " + limit + " bytes");
    }
    return b;
  }

  /** Where the response came from, for messages. */
  public String origin() {
    return origin;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static final class Body extends InputStream {
    private final InputStream in;
    private final long length;
    private final String origin;
    private long read;

    Body(InputStream in, long length, String origin) {
      this.in = in;
      this.length = length;
      this.origin = origin;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (length >= 0) {
        if (read >= length) {
          return -1;
        }
        len = (int) Math.min(len, length - read);
      }
      int n = in.read(b, off, len);
      if (n < 0) {
        if (length >= 0) {
          throw new EOFException(
              origin + ": connection closed after " + read + " of " + length + " bytes");
        }
        return -1;
      }
      read += n;
      return n;
    }
  }
}

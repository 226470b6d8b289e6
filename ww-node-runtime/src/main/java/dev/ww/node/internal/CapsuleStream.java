package dev.ww.node.internal;

import dev.ww.core.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's capsule read straight from the master ({@code GET /WW/vnfs}), for a sync that
 * keeps no copy: a transfer that breaks off is resumed where it stopped ({@code Range} with
 * {@code If-Range}; 503 answers wait their {@code Retry-After} in {@link MasterClient}); an
 * answer whose ETag is not the expected SHA-256 (the capsule changed on the master) stops it.
 * {@link #available()} reports the bytes of the body not yet read, so that a gzip reader looks
 * for a further member instead of ending at a member boundary that happens to match the end of
 * what has arrived.
 */
public final class CapsuleStream extends InputStream {

  private final MasterClient client;
  private final Sleeper sleeper;
  private final String sha256;
  private final int attempts;
  private HttpResponse response;
  private InputStream body;
  private long offset;
  private long total = -1;
  private int failures;

  public CapsuleStream(MasterClient client, Sleeper sleeper, String sha256, int attempts) throws IOException {
    this.client = client;
    this.sleeper = sleeper;
    this.sha256 = sha256;
    this.attempts = attempts;
    open();
  }

  private void open() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    if (offset > 0) {
      headers.put("Range", "bytes=" + offset + "-");
      headers.put("If-Range", "\"" + sha256 + "\"");
    }
    HttpResponse r = client.get(client.path("/WW/vnfs", ""), headers);
    try {
      String served = r.etag().orElse(sha256);
      if (r.status() == 200 || r.status() == 206) {
        if (!served.equals(sha256)) {
          throw new UserException(
              "the master serves capsule " + served + " but the node configuration names " + sha256
                  + " (the capsule changed meanwhile); run again");
        }
      }
      if (r.status() == 200) {
        total = r.contentLength();
        body = r.body();
        if (offset > 0) {
          body.skipNBytes(offset); // the master sent it whole: skip what was read already
        }
      } else if (r.status() == 206) {
        String cr = r.header("content-range").orElse("");
        int dash = cr.indexOf('-');
        int slash = cr.indexOf('/');
        if (!cr.startsWith("bytes ") || dash < 0 || slash < 0
            || !Chars.digits(cr.substring(6, dash), 18) || !Chars.digits(cr.substring(slash + 1), 18)
            || Long.parseLong(cr.substring(6, dash)) != offset) {
          throw new UserException("the master answered the range from " + offset + " with '" + cr + "'");
        }
        total = Long.parseLong(cr.substring(slash + 1));
        body = r.body();
      } else {
        throw client.failure(r, "the capsule");
      }
      response = r;
    } catch (IOException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      try {
        int n = body.read(b, off, len);
        if (n > 0) {
          offset += n;
        }
        return n;
      } catch (java.io.EOFException | java.net.SocketException | java.net.SocketTimeoutException e) {
        response.close();
        if (++failures >= attempts) {
          throw new UserException(
              "Could not download the capsule after " + attempts + " attempts: " + e.getMessage(), e);
        }
        pause(Duration.ofSeconds(Math.min(30, failures)));
        open();
      }
    }
  }

  @Override
  public int available() {
    long left = total < 0 ? 0 : total - offset;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, left));
  }

  @Override
  public void close() throws IOException {
    if (response != null) {
      response.close();
    }
  }

  private void pause(Duration d) throws IOException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }
}

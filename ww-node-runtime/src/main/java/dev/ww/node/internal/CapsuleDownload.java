package dev.ww.node.internal;

import dev.ww.core.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Downloads the node's capsule into a file in the state directory, resuming a transfer that
 * broke off ({@code Range} with {@code If-Range}: a capsule that changed meanwhile comes whole),
 * waiting out 503 answers (in {@link MasterClient}), and checking the SHA-256 of the complete
 * file against the expected one. A partial file is kept for the next attempt only while it
 * belongs to the same expected checksum.
 */
public final class CapsuleDownload {

  private final MasterClient client;
  private final Sleeper sleeper;
  private final int attempts;

  public CapsuleDownload(MasterClient client, Sleeper sleeper, int attempts) {
    this.client = client;
    this.sleeper = sleeper;
    this.attempts = attempts;
  }

  /** Downloads to {@code dir/capsule.part} and returns it once its SHA-256 is {@code sha256}. */
  public Path fetch(Path dir, String sha256) throws IOException {
    Files.createDirectories(dir);
    Path part = dir.resolve("capsule.part");
    Path tag = dir.resolve("capsule.part.sha256");
    if (!Files.exists(tag) || !Files.readString(tag).strip().equals(sha256)) {
      Files.deleteIfExists(part);
      AtomicWrite.write(tag, (sha256 + "\n").getBytes(StandardCharsets.US_ASCII), 0600);
    }
    if (Files.exists(part) && sha256Of(part).equals(sha256)) {
      return part; // completed by an earlier run that stopped before using it
    }
    IOException last = null;
    boolean complete = false;
    for (int attempt = 1; attempt <= attempts && !complete; attempt++) {
      try {
        transfer(part, sha256);
        complete = true;
      } catch (java.io.EOFException | java.net.SocketException | java.net.SocketTimeoutException e) {
        last = e;
        if (attempt < attempts) {
          pause(Duration.ofSeconds(Math.min(30, attempt)));
        }
      }
    }
    if (!complete) {
      throw new UserException(
          "Could not download the capsule after " + attempts + " attempts: " + last.getMessage()
              + " (the part received is kept and the next run resumes it)", last);
    }
    String got = sha256Of(part);
    if (!got.equals(sha256)) {
      Files.deleteIfExists(part);
      throw new UserException(
          "The downloaded capsule's SHA-256 is " + got + ", expected " + sha256
              + ": corrupt download, discarded; nothing on this node was changed");
    }
    return part;
  }

  /** One request, to the end of the body. */
  private void transfer(Path part, String sha256) throws IOException {
    long have = Files.exists(part) ? Files.size(part) : 0;
    Map<String, String> headers = new LinkedHashMap<>();
    if (have > 0) {
      headers.put("Range", "bytes=" + have + "-");
      headers.put("If-Range", "\"" + sha256 + "\"");
    }
    try (HttpResponse r = client.get(client.path("/WW/vnfs", ""), headers)) {
      long offset;
      if (r.status() == 200) {
        offset = 0;
      } else if (r.status() == 206) {
        offset = rangeStart(r);
        if (offset != have) {
          throw new UserException("the master answered a range from " + offset + ", asked from " + have);
        }
      } else if (r.status() == 416) {
        Files.deleteIfExists(part);
        throw new java.io.EOFException("the partial capsule is longer than the master's; starting over");
      } else {
        throw client.failure(r, "the capsule");
      }
      String served = r.etag().orElse(sha256);
      if (!served.equals(sha256)) {
        throw new UserException(
            "the master serves capsule " + served + " but the node configuration names " + sha256
                + " (the capsule changed meanwhile); run again");
      }
      try (FileChannel ch =
          FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        ch.truncate(offset);
        ch.position(offset);
        InputStream in = r.body();
        byte[] buf = new byte[1 << 17];
        try {
          for (int n; (n = in.read(buf)) > 0; ) {
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) {
              ch.write(bb);
            }
          }
        } finally {
          ch.force(false);
        }
      }
    }
  }

  private static long rangeStart(HttpResponse r) {
    String cr = r.header("content-range").orElse("");
    if (!cr.matches("bytes [0-9]+-[0-9]+/[0-9]+")) {
      throw new UserException("bad Content-Range from the master: " + cr);
    }
    return Long.parseLong(cr.substring(6, cr.indexOf('-')));
  }

  private void pause(Duration d) throws IOException {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  static String sha256Of(Path file) throws IOException {
    MessageDigest md = FilePlacer.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 17];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}

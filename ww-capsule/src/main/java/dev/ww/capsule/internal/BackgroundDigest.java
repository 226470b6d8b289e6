package dev.ww.capsule.internal;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The SHA-256 of a sequence of byte arrays, computed on a thread of its own so that hashing
 * the capsule overlaps with producing and writing it (on a rebuild that reuses most chunks,
 * hashing is otherwise the largest single cost). The arrays must not change after they are
 * handed over.
 */
final class BackgroundDigest implements AutoCloseable {

  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4);
  private final MessageDigest digest;
  private final Thread thread;
  private volatile String result;

  BackgroundDigest() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
    thread = new Thread(this::run, "capsule-sha256");
    thread.setDaemon(true);
    thread.start();
  }

  /** Adds {@code bytes}, which the caller no longer changes. */
  void update(byte[] bytes) throws InterruptedIOException {
    try {
      queue.put(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing the capsule");
    }
  }

  /** The SHA-256 in lower-case hex of everything added; call once, after the last update. */
  String finish() throws InterruptedIOException {
    update(END);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing the capsule");
    }
    return result;
  }

  private void run() {
    try {
      while (true) {
        byte[] bytes = queue.take();
        if (bytes == END) {
          result = HexFormat.of().formatHex(digest.digest());
          return;
        }
        digest.update(bytes);
      }
    } catch (InterruptedException stopped) {
      // closed before the end: nobody waits for the result
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}

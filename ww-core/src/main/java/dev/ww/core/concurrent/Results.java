package dev.ww.core.concurrent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work done on another thread, with its failure as if it had happened here. */
public final class Results {

  private Results() {}

  /**
   * The result of {@code future}. An {@link IOException} or unchecked exception the work threw
   * is rethrown as it is; an interruption becomes an {@link InterruptedIOException} (with the
   * interrupt flag set again) naming {@code action}.
   */
  public static <T> T await(Future<T> future, String action) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while " + action);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(action + " failed: " + cause, cause);
    }
  }
}

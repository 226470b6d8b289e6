package dev.ww.capsule;

import dev.ww.core.UserException;

/**
 * The tree changed while the capsule was being written: a file grew, shrank, was modified or
 * vanished after it was scanned. The capsule written so far is incomplete and must be
 * discarded.
 */
public class TreeChangedException extends UserException {
  private static final long serialVersionUID = 1L;

  public TreeChangedException(String message) {
    super(message);
  }

  public TreeChangedException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.ww.capsule;

import dev.ww.core.UserException;

/** A capsule that cannot be read: not a capsule, truncated, or corrupt. */
public class CapsuleFormatException extends UserException {
  private static final long serialVersionUID = 1L;

  public CapsuleFormatException(String message) {
    super(message);
  }

  public CapsuleFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.ww.core;

/**
 * Root of the engine's exception family. Every failure the engine reports on purpose is a
 * {@code WwException}; {@link java.io.IOException}s from the JDK pass through unchanged.
 *
 * <p>Subclasses exist only where a caller branches on them. The message says what failed on
 * which object; the cause, when there is one, is kept.
 */
public class WwException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WwException(String message) {
    super(message);
  }

  public WwException(String message, Throwable cause) {
    super(message, cause);
  }
}

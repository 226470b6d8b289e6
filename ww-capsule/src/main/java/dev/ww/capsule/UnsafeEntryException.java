package dev.ww.capsule;

import dev.ww.core.UserException;

/**
 * A capsule entry that would be written outside the extraction target (an absolute name, a
 * {@code ..} component, or a path through a symlink that leads out). Extraction stops at the
 * first such entry; nothing is written outside the target.
 */
public class UnsafeEntryException extends UserException {
  private static final long serialVersionUID = 1L;

  public UnsafeEntryException(String message) {
    super(message);
  }

  public UnsafeEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}

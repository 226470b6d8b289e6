package dev.ww.core.os;

import dev.ww.core.WwException;

/**
 * A Linux call that failed, with its errno. The message reads like {@code mount /proc on
 * /srv/chroot/proc: EPERM (Operation not permitted)}.
 */
public class OsException extends WwException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final int errno;

  public OsException(String operation, int errno, String meaning) {
    super(operation + ": " + Errno.name(errno) + " (" + meaning + ")");
    this.operation = operation;
    this.errno = errno;
  }

  /** What was attempted, including the paths involved. */
  public String operation() {
    return operation;
  }

  /** The error number, as in {@code errno.h}. */
  public int errno() {
    return errno;
  }

  /** The symbolic name of the error number, such as {@code ENOENT}. */
  public String errnoName() {
    return Errno.name(errno);
  }
}

package dev.ww.core;

/**
 * A failure caused by what the user asked for (a wrong option, a missing chroot, a corrupt
 * input file). Its message is meant for a person and says what to do; front-ends print it
 * without a stack trace.
 */
public class UserException extends WwException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}

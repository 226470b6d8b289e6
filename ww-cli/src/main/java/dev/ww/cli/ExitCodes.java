package dev.ww.cli;

/** Exit statuses shared by every tool. */
public final class ExitCodes {
  /** The work was done. */
  public static final int OK = 0;
  /** The engine refused or failed: bad input, a missing object, a failed program. */
  public static final int FAILURE = 1;
  /** The command line was wrong (unknown option, missing argument). */
  public static final int USAGE = 2;
  /** A bug in ww: an unexpected exception; the stack trace is printed. */
  public static final int INTERNAL_ERROR = 70;

  private ExitCodes() {}
}

package dev.ww.core.process;

import dev.ww.core.UserException;

/** A program that is not installed (or not on {@code PATH}). */
public final class ProgramNotFoundException extends UserException {
  private static final long serialVersionUID = 1L;

  private final String program;

  public ProgramNotFoundException(String program, Throwable cause) {
    super(
        "cannot run '"
            + program
            + "': it is not installed or not on PATH; install the package that provides it",
        cause);
    this.program = program;
  }

  public String program() {
    return program;
  }
}

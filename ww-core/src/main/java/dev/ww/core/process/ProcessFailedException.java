package dev.ww.core.process;

import dev.ww.core.WwException;
import java.time.Duration;
import java.util.List;

/** A program that ended badly: a non-zero exit status, or killed at its time limit. */
public class ProcessFailedException extends WwException {
  private static final long serialVersionUID = 1L;
  private static final int TAIL_CHARS = 2000;

  private final List<String> argv;
  private final int exitStatus;
  private final String outputTail;

  protected ProcessFailedException(
      String message, List<String> argv, int exitStatus, String outputTail, Throwable cause) {
    super(message, cause);
    this.argv = List.copyOf(argv);
    this.exitStatus = exitStatus;
    this.outputTail = outputTail;
  }

  static ProcessFailedException exited(ProcessResult result) {
    String tail = tail(result.stderr().isBlank() ? result.stdout() : result.stderr());
    String message =
        "command '"
            + result.command().display()
            + "' failed with exit status "
            + result.exitStatus()
            + (tail.isBlank() ? "" : ":\n" + tail);
    return new ProcessFailedException(
        message, result.command().argv(), result.exitStatus(), tail, null);
  }

  static ProcessFailedException timedOut(Command command, Duration limit, String output) {
    String tail = tail(output);
    String message =
        "command '"
            + command.display()
            + "' did not finish within "
            + limit.toSeconds()
            + " s and was killed"
            + (tail.isBlank() ? "" : ":\n" + tail);
    return new ProcessFailedException(message, command.argv(), -1, tail, null);
  }

  public List<String> argv() {
    return argv;
  }

  /** The exit status, or -1 when the program was killed at its time limit. */
  public int exitStatus() {
    return exitStatus;
  }

  /** The last part of the program's error output (or output), for diagnosis. */
  public String outputTail() {
    return outputTail;
  }

  private static String tail(String text) {
    String trimmed = text.strip();
    return trimmed.length() <= TAIL_CHARS
        ? trimmed
        : "..." + trimmed.substring(trimmed.length() - TAIL_CHARS);
  }
}

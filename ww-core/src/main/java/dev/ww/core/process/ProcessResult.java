package dev.ww.core.process;

import java.time.Duration;
import java.util.Objects;

/**
 * How a program ended.
 *
 * @param command what was run
 * @param exitStatus the exit status; for a program killed by a signal, 128 plus the signal
 * @param stdout captured standard output (empty unless captured)
 * @param stderr captured standard error, or the tail of all output for a streamed command
 * @param elapsed wall time
 */
public record ProcessResult(
    Command command, int exitStatus, String stdout, String stderr, Duration elapsed) {

  public ProcessResult {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  public boolean succeeded() {
    return exitStatus == 0;
  }

  /**
   * Applies the command's exit check.
   *
   * @return this result, when it succeeded or the command allows failure
   * @throws ProcessFailedException when the command checks its exit status and it is non-zero
   */
  public ProcessResult checked() {
    if (command.checkExit() && !succeeded()) {
      throw ProcessFailedException.exited(this);
    }
    return this;
  }
}

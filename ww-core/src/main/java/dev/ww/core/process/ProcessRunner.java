package dev.ww.core.process;

import java.io.IOException;

/**
 * Runs programs. The engine runs every external program (debootstrap, dnf, depmod, ...)
 * through this interface, so tests can replace it with a {@link FakeProcessRunner}.
 */
public interface ProcessRunner {

  /**
   * Runs a command to its end.
   *
   * @throws ProgramNotFoundException when the program does not exist
   * @throws ProcessFailedException when it exits non-zero (unless the command allows failure)
   *     or runs past its time limit
   * @throws IOException when the program cannot be started or its output cannot be read
   */
  ProcessResult run(Command command) throws IOException;
}

package dev.ww.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** A wrong command line: say what is wrong in one line, point at {@code --help}. */
final class UsageErrorHandler implements IParameterExceptionHandler {

  private final String toolName;

  UsageErrorHandler(String toolName) {
    this.toolName = toolName;
  }

  @Override
  public int handleParseException(ParameterException problem, String[] args) {
    CommandLine commandLine = problem.getCommandLine();
    PrintWriter err = commandLine.getErr();
    // picocli checks required parameters before it complains about unknown words; the unknown
    // word is usually the real mistake, so name it first.
    java.util.List<String> unmatched = commandLine.getUnmatchedArguments();
    if (!(problem instanceof CommandLine.UnmatchedArgumentException) && !unmatched.isEmpty()) {
      err.println(toolName + ": unknown option or argument: '" + String.join("', '", unmatched) + "'");
    }
    err.println(toolName + ": " + problem.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(problem, err);
    err.println(
        "Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }
}

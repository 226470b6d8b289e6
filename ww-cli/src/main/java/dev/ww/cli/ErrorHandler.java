package dev.ww.cli;

import dev.ww.core.UserException;
import dev.ww.core.WwException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command throws into one line for the user and an exit status: engine and I/O
 * failures are reported by their message; anything else is a bug in ww and gets its stack
 * trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  private final String toolName;

  ErrorHandler(String toolName) {
    this.toolName = toolName;
  }

  @Override
  public int handleExecutionException(Exception thrown, CommandLine commandLine, ParseResult parsed) {
    Throwable cause = thrown instanceof UncheckedIOException unchecked ? unchecked.getCause() : thrown;
    int status = exitCodeOf(cause);
    if (status == ExitCodes.INTERNAL_ERROR) {
      commandLine.getErr().println(toolName + ": internal error (a bug in ww; please report it):");
      cause.printStackTrace(commandLine.getErr());
    } else {
      commandLine.getErr().println(toolName + ": error: " + describe(cause));
    }
    commandLine.getErr().flush();
    return status;
  }

  /** The exit status for an exception that reached the top of a command. */
  static int exitCodeOf(Throwable thrown) {
    if (thrown instanceof UserException
        || thrown instanceof WwException
        || thrown instanceof IOException) {
      return ExitCodes.FAILURE;
    }
    if (thrown instanceof UncheckedIOException) {
      return ExitCodes.FAILURE;
    }
    return ExitCodes.INTERNAL_ERROR;
  }

  /** A one-line description of an expected failure. */
  static String describe(Throwable thrown) {
    if (thrown instanceof NoSuchFileException e) {
      return "no such file or directory: " + e.getFile();
    }
    if (thrown instanceof AccessDeniedException e) {
      return "permission denied: " + e.getFile() + " (run as root?)";
    }
    if (thrown instanceof FileAlreadyExistsException e) {
      return "already exists: " + e.getFile();
    }
    if (thrown instanceof FileSystemException e) {
      return e.getMessage();
    }
    String message = thrown.getMessage();
    return message == null || message.isBlank() ? thrown.getClass().getSimpleName() : message;
  }
}

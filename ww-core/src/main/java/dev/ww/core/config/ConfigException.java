package dev.ww.core.config;

import dev.ww.core.UserException;
import java.nio.file.Path;
import java.util.Optional;

/** A configuration file that cannot be used, with the file and, where known, the line. */
public final class ConfigException extends UserException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  /**
   * @param file the file at fault
   * @param line 1-based line number, or 0 when the problem is not tied to a line
   * @param problem what is wrong, for a person
   */
  public ConfigException(Path file, int line, String problem, Throwable cause) {
    super(location(file, line) + ": " + problem, cause);
    this.file = file;
    this.line = line;
  }

  public ConfigException(Path file, int line, String problem) {
    this(file, line, problem, null);
  }

  public Path file() {
    return file;
  }

  /** The 1-based line at fault, if known. */
  public Optional<Integer> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }

  private static String location(Path file, int line) {
    return line > 0 ? file + ":" + line : file.toString();
  }
}

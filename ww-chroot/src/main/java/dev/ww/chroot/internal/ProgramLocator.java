package dev.ww.chroot.internal;

import dev.ww.core.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds programs on the {@code PATH} of the environment the engine was given (not the JVM's
 * own), so that what a user's {@code PATH} hides is really not used.
 */
public final class ProgramLocator {

  private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final String path;

  public ProgramLocator(Map<String, String> environment) {
    String value = environment.get("PATH");
    this.path = value == null ? DEFAULT_PATH : value;
  }

  public Optional<Path> find(String program) {
    for (String directory : path.split(":")) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The program's path.
   *
   * @param debianPackage the Debian package that provides it, for the message
   * @throws UserException when it is not installed
   */
  public Path require(String program, String debianPackage, String purpose) {
    return find(program)
        .orElseThrow(
            () ->
                new UserException(
                    "'"
                        + program
                        + "' is needed "
                        + purpose
                        + " but is not installed (not on PATH); install it, for example with"
                        + " 'apt-get install "
                        + debianPackage
                        + "'"));
  }
}

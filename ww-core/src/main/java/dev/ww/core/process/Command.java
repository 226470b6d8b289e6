package dev.ww.core.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One program to run: its argument vector (never a shell string), environment changes,
 * working directory, time limit, and what to do with its output.
 *
 * @param argv program and arguments; the program is looked up on {@code PATH} when it has no
 *     slash
 * @param environment variables to set (or, with a {@code null} value, to remove) on top of the
 *     runner's environment
 * @param workingDirectory where to run it; empty means the runner's own
 * @param timeout how long it may run before it is killed; empty means no limit
 * @param output whether output is captured, handed to a line consumer, or shared with the
 *     terminal
 * @param lineConsumer receives each output line when {@code output} is {@link Output#STREAM}
 * @param checkExit when true, a non-zero exit status is a {@link ProcessFailedException}
 */
public record Command(
    List<String> argv,
    Map<String, String> environment,
    Optional<Path> workingDirectory,
    Optional<Duration> timeout,
    Output output,
    Consumer<String> lineConsumer,
    boolean checkExit) {

  /** What happens to the program's standard output and error. */
  public enum Output {
    /** Collected and returned in the {@link ProcessResult}. */
    CAPTURE,
    /** Handed line by line to the command's line consumer; the tail is kept for errors. */
    STREAM,
    /** Shared with this process's terminal (for interactive programs such as a shell). */
    INHERIT
  }

  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      throw new IllegalArgumentException("a command needs a program name");
    }
    Map<String, String> env = new LinkedHashMap<>();
    environment.forEach(env::put);
    environment = java.util.Collections.unmodifiableMap(env);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(output, "output");
    if (output == Output.STREAM) {
      Objects.requireNonNull(lineConsumer, "a streamed command needs a line consumer");
    }
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + t);
          }
        });
  }

  /** A captured, exit-checked command with no time limit. */
  public static Command of(String... argv) {
    return builder(List.of(argv)).build();
  }

  public static Builder builder(List<String> argv) {
    return new Builder(argv);
  }

  public static Builder builder(String... argv) {
    return new Builder(List.of(argv));
  }

  /** The program name (first element of argv). */
  public String program() {
    return argv.get(0);
  }

  /** The command line as a person would type it, for messages. */
  public String display() {
    StringBuilder text = new StringBuilder();
    for (String arg : argv) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return text.toString();
  }

  public static final class Builder {
    private final List<String> argv;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path workingDirectory;
    private Duration timeout;
    private Output output = Output.CAPTURE;
    private Consumer<String> lineConsumer;
    private boolean checkExit = true;

    private Builder(List<String> argv) {
      this.argv = new ArrayList<>(argv);
    }

    public Builder env(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    public Builder unsetEnv(String name) {
      environment.put(Objects.requireNonNull(name, "name"), null);
      return this;
    }

    public Builder workingDirectory(Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    public Builder timeout(Duration limit) {
      this.timeout = limit;
      return this;
    }

    /** Hands every output line (standard output and error) to {@code consumer}. */
    public Builder streamTo(Consumer<String> consumer) {
      this.output = Output.STREAM;
      this.lineConsumer = Objects.requireNonNull(consumer, "consumer");
      return this;
    }

    public Builder inheritIo() {
      this.output = Output.INHERIT;
      this.lineConsumer = null;
      return this;
    }

    /** Returns a result for any exit status instead of throwing on non-zero. */
    public Builder allowFailure() {
      this.checkExit = false;
      return this;
    }

    public Command build() {
      return new Command(
          argv,
          environment,
          Optional.ofNullable(workingDirectory),
          Optional.ofNullable(timeout),
          output,
          lineConsumer,
          checkExit);
    }
  }
}

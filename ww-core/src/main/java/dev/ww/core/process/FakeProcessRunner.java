package dev.ww.core.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link ProcessRunner} for unit tests: it runs nothing, records every command, and answers
 * from rules given in advance. A command that no rule matches fails the test with a clear
 * message instead of running silently.
 */
public final class FakeProcessRunner implements ProcessRunner {

  /** What a fake program "printed" and how it exited. */
  public record Outcome(int exitStatus, String stdout, String stderr) {
    public static Outcome success(String stdout) {
      return new Outcome(0, stdout, "");
    }

    public static Outcome failure(int exitStatus, String stderr) {
      return new Outcome(exitStatus, "", stderr);
    }
  }

  private record Rule(Predicate<Command> matcher, Function<Command, Outcome> answer) {}

  private final List<Rule> rules = new ArrayList<>();
  private final List<Command> commands = new ArrayList<>();

  /** Answers commands whose program name is {@code program} with {@code outcome}. */
  public synchronized FakeProcessRunner on(String program, Outcome outcome) {
    return on(command -> command.program().equals(program), command -> outcome);
  }

  /**
   * Answers matching commands by calling {@code answer}, which may also act on files to
   * imitate the program. Later rules take precedence over earlier ones.
   */
  public synchronized FakeProcessRunner on(
      Predicate<Command> matcher, Function<Command, Outcome> answer) {
    rules.add(0, new Rule(matcher, answer));
    return this;
  }

  /** Every command run so far, in order. */
  public synchronized List<Command> commands() {
    return List.copyOf(commands);
  }

  /** The argument vectors of every command run so far. */
  public synchronized List<List<String>> argvs() {
    return commands.stream().map(Command::argv).toList();
  }

  @Override
  public synchronized ProcessResult run(Command command) {
    commands.add(command);
    for (Rule rule : rules) {
      if (rule.matcher().test(command)) {
        Outcome outcome = rule.answer().apply(command);
        if (command.output() == Command.Output.STREAM) {
          (outcome.stdout() + outcome.stderr()).lines().forEach(command.lineConsumer());
          return new ProcessResult(
                  command, outcome.exitStatus(), "", outcome.stdout() + outcome.stderr(), Duration.ZERO)
              .checked();
        }
        return new ProcessResult(
                command, outcome.exitStatus(), outcome.stdout(), outcome.stderr(), Duration.ZERO)
            .checked();
      }
    }
    throw new IllegalStateException(
        "FakeProcessRunner has no rule for '" + command.display() + "'");
  }
}

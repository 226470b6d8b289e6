package dev.ww.cli;

import dev.ww.core.Layout;
import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every tool shares: where the installation lives and how much to say. Tools add
 * {@link GlobalOptions} with {@code @Mixin}; the few whose Warewulf 3 ancestor used {@code -v}
 * for something else add {@link LongVerboseOptions}. The layout comes from the options, then the environment ({@code WW_CONFIG_DIR},
 * {@code WW_STATE_DIR}), then the system defaults.
 */
public abstract class CommonOptions {

  private final ToolEnvironment environment;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--config-dir",
      paramLabel = "DIR",
      description = "Configuration directory (default: $WW_CONFIG_DIR or /etc/warewulf).")
  private Path configDir;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "State directory (default: $WW_STATE_DIR or /var/lib/warewulf).")
  private Path stateDir;

  @Option(names = {"-q", "--quiet"}, description = "Only warnings and errors.")
  private boolean quiet;

  @Option(names = {"-d", "--debug"}, description = "Debug output (every step and command).")
  private boolean debug;

  protected CommonOptions(ToolEnvironment environment) {
    this.environment = environment;
  }

  /** The installation's directories. */
  public Layout layout() {
    Layout fromEnvironment = Layout.fromEnvironment(environment.variables());
    return Layout.of(
        configDir != null ? configDir : fromEnvironment.configDir(),
        stateDir != null ? stateDir : fromEnvironment.stateDir());
  }

  public ToolEnvironment environment() {
    return environment;
  }

  /** The most detailed level of log message to show. */
  public LogEvent.Level logLevel() {
    if (debug) {
      return LogEvent.Level.DEBUG;
    }
    if (quiet) {
      return LogEvent.Level.WARN;
    }
    return LogEvent.Level.INFO;
  }

  public boolean verbose() {
    return verboseRequested() || debug;
  }

  /** Whether the user asked for verbose output. */
  protected abstract boolean verboseRequested();

  /** Event handlers that render the engine's events on this tool's error stream. */
  public EventHandlers events() {
    return new ConsoleEvents(
            environment.toolName(), mixee.commandLine().getErr(), logLevel(), verbose(), !quiet && System.console() != null)
        .handlers();
  }
}

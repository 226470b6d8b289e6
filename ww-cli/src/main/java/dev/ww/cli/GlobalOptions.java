package dev.ww.cli;

import picocli.CommandLine.Option;

/**
 * The shared options of a tool (add with {@code @Mixin}): {@code --config-dir}, {@code
 * --state-dir}, {@code -v}, {@code -q}, {@code -d}. See {@link CommonOptions}.
 */
public final class GlobalOptions extends CommonOptions {

  @Option(names = {"-v", "--verbose"}, description = "Say more, including timings.")
  private boolean verbose;

  public GlobalOptions(ToolEnvironment environment) {
    super(environment);
  }

  @Override
  protected boolean verboseRequested() {
    return verbose;
  }
}

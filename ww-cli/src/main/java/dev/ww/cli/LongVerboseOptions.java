package dev.ww.cli;

import picocli.CommandLine.Option;

/**
 * The shared options for a tool whose {@code -v} means something else (as {@code wwmngchroot
 * -v NAME}, Warewulf 3's "build and import this VNFS"): verbose output is {@code --verbose} only.
 */
public final class LongVerboseOptions extends CommonOptions {

  @Option(names = "--verbose", description = "Say more, including timings.")
  private boolean verbose;

  public LongVerboseOptions(ToolEnvironment environment) {
    super(environment);
  }

  @Override
  protected boolean verboseRequested() {
    return verbose;
  }
}

package dev.ww.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;

/**
 * The one JVM entry point of the distribution: {@code Launcher TOOL [ARGS...]}. The scripts in
 * {@code bin/} call it with their own name, so every tool shares the same start-up code.
 */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a tool and returns its exit status; for tests and embedders. */
  public static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    if (args.length == 0 || Tools.find(args[0]).isEmpty()) {
      err.println(
          "usage: Launcher TOOL [ARGS...]; tools: " + String.join(", ", Tools.names()));
      return ExitCodes.USAGE;
    }
    String[] toolArgs = Arrays.copyOfRange(args, 1, args.length);
    return Tools.find(args[0]).orElseThrow().run(toolArgs, environment, out, err);
  }
}

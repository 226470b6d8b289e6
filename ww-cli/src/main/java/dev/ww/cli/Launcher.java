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
    PrintWriter err = new PrintWriter(System.err, true);
    int status;
    try {
      status = run(args, System.getenv(), new PrintWriter(System.out, true), err);
    } catch (OutOfMemoryError e) {
      err.println(
          (args.length > 0 ? args[0] : "ww") + ": the Java heap is too small for this job ("
              + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB); give it more, for"
              + " example WW_JAVA_OPTS=-Xmx4g");
      status = ExitCodes.FAILURE;
    }
    System.exit(status);
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

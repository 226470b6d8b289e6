package dev.ww.cli.wwsh;

import dev.ww.cli.GlobalOptions;
import dev.ww.core.UserException;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.ObjectEditor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A wwsh command that works on the datastore: opens it, runs, closes it. */
abstract class StoreCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    try (Datastore store = Datastore.open(global.layout())) {
      run(store);
    }
    return 0;
  }

  protected abstract void run(Datastore store) throws IOException;

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected ObjectEditor editor(Datastore store) {
    return new ObjectEditor(store, who());
  }

  /** Who is making the change, for the history. */
  protected String who() {
    var env = global.environment();
    return env.variable("SUDO_USER").or(() -> env.variable("USER")).or(() -> env.variable("LOGNAME")).orElse("unknown");
  }

  /**
   * Shows the changes and asks for a yes; {@code assumeYes} (from {@code -y}) skips the
   * question. Without an answer on standard input the command fails and says to pass -y.
   */
  protected boolean confirm(boolean assumeYes, List<String> changes) throws IOException {
    PrintWriter out = out();
    changes.forEach(out::println);
    if (assumeYes) {
      return true;
    }
    out.print("Yes/No> ");
    out.flush();
    String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (answer == null) {
      throw new UserException("no answer on standard input; pass -y to apply without asking");
    }
    String lower = answer.trim().toLowerCase(Locale.ROOT);
    boolean yes = lower.equals("y") || lower.equals("yes");
    if (!yes) {
      out.println("No changes made.");
    }
    return yes;
  }
}

package dev.ww.cli.wwsh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.cli.Launcher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs wwsh in this JVM with a given environment, the way the tests of its commands need. */
final class WwshRunner {

  record Result(int status, String out, String err) {}

  private WwshRunner() {}

  /** Configuration and state (the embedded store) under {@code root}, changes made by "tester". */
  static Map<String, String> environmentUnder(Path root) {
    return Map.of(
        "WW_CONFIG_DIR", root.resolve("etc").toString(),
        "WW_STATE_DIR", root.resolve("state").toString(),
        "USER", "tester");
  }

  static Result run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("wwsh"));
    all.addAll(List.of(args));
    int status =
        Launcher.run(all.toArray(String[]::new), environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(status, out.toString(), err.toString());
  }

  /** Runs wwsh and checks that it succeeded; the failure message carries its error output. */
  static Result ok(Map<String, String> environment, String... args) {
    Result result = run(environment, args);
    assertThat(result.status()).as(String.join(" ", args) + "\n" + result.err()).isZero();
    return result;
  }

  /** Runs wwsh and checks that it failed as a user error, with {@code message} and no stack trace. */
  static void fails(Map<String, String> environment, String message, String... args) {
    Result result = run(environment, args);
    assertThat(result.status()).as(String.join(" ", args)).isEqualTo(1);
    assertThat(result.err()).contains(message).doesNotContain("\tat ");
  }
}

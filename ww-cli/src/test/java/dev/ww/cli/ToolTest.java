package dev.ww.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.UserException;
import dev.ww.core.event.ProgressEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

class ToolTest {

  /** A tool that only exercises the shared machinery. */
  @Command(
      name = "wwexample",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "Example tool.")
  static final class ExampleCommand implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--fail", description = "How to fail.")
    String fail;

    @Override
    public Integer call() throws IOException {
      if (fail != null) {
        switch (fail) {
          case "user" -> throw new UserException("chroot /srv/x does not exist; create it with wwmkchroot");
          case "io" -> throw new NoSuchFileException("/srv/missing");
          case "bug" -> throw new IllegalStateException("unexpected state");
          default -> {}
        }
      }
      global.events().info("working");
      global.events().debug("details");
      global.events().dispatch(new ProgressEvent("Copying", 10, 10, "bytes"));
      spec.commandLine().getOut().println("config=" + global.layout().configDir());
      spec.commandLine().getOut().println("state=" + global.layout().stateDir());
      return ExitCodes.OK;
    }
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> environment, String... args) {
    Tool tool = new Tool("wwexample", ExampleCommand.class);
    return tool.run(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void help_describesTheToolAndTheSharedOptions() {
    assertThat(run(Map.of(), "--help")).isZero();

    assertThat(out.toString())
        .contains("Usage: wwexample")
        .contains("--config-dir")
        .contains("--state-dir")
        .contains("--version");
  }

  @Test
  void version_namesToolAndJava() {
    assertThat(run(Map.of(), "--version")).isZero();

    assertThat(out.toString()).contains("wwexample (ww)").contains("Java 17");
  }

  @Test
  void layout_comesFromTheEnvironment() {
    assertThat(run(Map.of("WW_CONFIG_DIR", "/srv/ww/etc", "WW_STATE_DIR", "/srv/ww/state"))).isZero();

    assertThat(out.toString()).contains("config=/srv/ww/etc").contains("state=/srv/ww/state");
  }

  @Test
  void layout_optionsWinOverTheEnvironment() {
    assertThat(run(Map.of("WW_CONFIG_DIR", "/srv/ww/etc"), "--config-dir", "/opt/etc")).isZero();

    assertThat(out.toString()).contains("config=" + Path.of("/opt/etc")).contains("state=/var/lib/warewulf");
  }

  @Test
  void events_infoShownByDefault_debugOnlyWithDebug() {
    run(Map.of());
    assertThat(err.toString()).contains("working").doesNotContain("details");

    err.getBuffer().setLength(0);
    run(Map.of(), "-d");
    assertThat(err.toString()).contains("debug: details");

    err.getBuffer().setLength(0);
    run(Map.of(), "-q");
    assertThat(err.toString()).doesNotContain("working");
  }

  @Test
  void userError_isOneLineAndExitOne() {
    assertThat(run(Map.of(), "--fail", "user")).isEqualTo(ExitCodes.FAILURE);

    assertThat(err.toString().strip())
        .isEqualTo("wwexample: error: chroot /srv/x does not exist; create it with wwmkchroot");
  }

  @Test
  void ioError_isOneLineAndExitOne() {
    assertThat(run(Map.of(), "--fail", "io")).isEqualTo(ExitCodes.FAILURE);

    assertThat(err.toString().strip())
        .isEqualTo("wwexample: error: no such file or directory: /srv/missing");
  }

  @Test
  void bug_printsTheStackTraceAndExitSeventy() {
    assertThat(run(Map.of(), "--fail", "bug")).isEqualTo(ExitCodes.INTERNAL_ERROR);

    assertThat(err.toString()).contains("internal error").contains("IllegalStateException");
  }

  @Test
  void unknownOption_isAUsageErrorWithAHint() {
    assertThat(run(Map.of(), "--no-such-option")).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString())
        .contains("Unknown option: '--no-such-option'")
        .contains("Try 'wwexample --help'")
        .doesNotContain("Exception");
  }

  @Test
  void launcher_unknownTool_isAUsageError() {
    int status =
        Launcher.run(new String[] {"wwnothing"}, Map.of(), new PrintWriter(out), new PrintWriter(err, true));

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("usage: Launcher TOOL");
  }
}

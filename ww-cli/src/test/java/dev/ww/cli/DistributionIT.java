package dev.ww.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.process.Command;
import dev.ww.core.process.ProcessResult;
import dev.ww.core.process.SystemProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The built distribution ({@code target/ww-VERSION}) works the way a user runs it. */
class DistributionIT {

  private static Path distribution() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of("target"))) {
      return entries
          .filter(p -> Files.isDirectory(p.resolve("bin")) && p.getFileName().toString().startsWith("ww-"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no distribution under target/; run 'package' first"));
    }
  }

  private static List<String> scripts() throws IOException {
    Path bin = distribution().resolve("bin");
    try (Stream<Path> entries = Files.list(bin)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void everyToolHasAScript_andEveryScriptIsATool() throws IOException {
    assertThat(Tools.names()).isNotEmpty();
    assertThat(scripts()).containsExactlyInAnyOrderElementsOf(Tools.names());
  }

  @Test
  void tarball_isBuiltBesideTheFolder() throws IOException {
    Path folder = distribution();
    assertThat(folder.resolveSibling(folder.getFileName() + ".tar.gz")).isRegularFile();
  }

  @Test
  void everyScript_answersHelpAndVersion() throws IOException {
    Path bin = distribution().resolve("bin");
    for (String script : scripts()) {
      ProcessResult help = run(bin.resolve(script).toString(), "--help");
      assertThat(help.exitStatus()).as(script + " --help").isZero();
      assertThat(help.stdout()).as(script + " --help").contains("Usage: " + script);

      ProcessResult version = run(bin.resolve(script).toString(), "--version");
      assertThat(version.exitStatus()).as(script + " --version").isZero();
      assertThat(version.stdout()).contains(script + " (ww) ");
    }
  }

  @Test
  void everySubcommand_answersHelp() {
    for (String name : Tools.names()) {
      picocli.CommandLine top =
          Tools.find(name).orElseThrow().commandLine(java.util.Map.of(), new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()));
      assertHelpEverywhere(top);
    }
  }

  private static void assertHelpEverywhere(picocli.CommandLine commandLine) {
    assertThat(commandLine.getCommandSpec().findOption("--help"))
        .as(commandLine.getCommandSpec().qualifiedName())
        .isNotNull();
    commandLine.getSubcommands().values().forEach(DistributionIT::assertHelpEverywhere);
  }

  @Test
  void everyScript_rejectsAnUnknownOptionWithoutAStackTrace() throws IOException {
    Path bin = distribution().resolve("bin");
    for (String script : scripts()) {
      ProcessResult result = run(bin.resolve(script).toString(), "--no-such-option");
      assertThat(result.exitStatus()).as(script).isEqualTo(ExitCodes.USAGE);
      assertThat(result.stderr()).as(script).contains("--no-such-option").doesNotContain("at dev.ww");
    }
  }

  @Test
  void script_runsThroughASymlinkOnPath() throws IOException {
    Path bin = distribution().resolve("bin");
    Path elsewhere = Files.createTempDirectory("ww-path");
    try {
      for (String script : scripts()) {
        Path link = Files.createSymbolicLink(elsewhere.resolve(script), bin.resolve(script).toAbsolutePath());
        assertThat(run(link.toString(), "--version").exitStatus()).as(script).isZero();
        Files.delete(link);
      }
    } finally {
      Files.delete(elsewhere);
    }
  }

  private static ProcessResult run(String... argv) throws IOException {
    return new SystemProcessRunner().run(Command.builder(argv).allowFailure().build());
  }
}

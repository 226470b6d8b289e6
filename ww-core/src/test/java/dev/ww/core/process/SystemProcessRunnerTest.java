package dev.ww.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemProcessRunnerTest {

  private final SystemProcessRunner runner = new SystemProcessRunner();

  @Test
  void run_capturesStdoutAndStderrSeparately() throws IOException {
    ProcessResult result = runner.run(Command.of("sh", "-c", "echo out; echo err >&2"));

    assertThat(result.exitStatus()).isZero();
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }

  @Test
  void run_nonZeroExit_throwsWithStatusAndErrorOutput() {
    assertThatThrownBy(() -> runner.run(Command.of("sh", "-c", "echo broken mirror >&2; exit 3")))
        .isInstanceOf(ProcessFailedException.class)
        .hasMessageContaining("exit status 3")
        .hasMessageContaining("broken mirror")
        .hasMessageContaining("sh -c")
        .satisfies(e -> assertThat(((ProcessFailedException) e).exitStatus()).isEqualTo(3));
  }

  @Test
  void run_allowFailure_returnsTheStatus() throws IOException {
    ProcessResult result = runner.run(Command.builder("sh", "-c", "exit 4").allowFailure().build());

    assertThat(result.exitStatus()).isEqualTo(4);
    assertThat(result.succeeded()).isFalse();
  }

  @Test
  void run_missingProgram_isAUserErrorNamingIt() {
    assertThatThrownBy(() -> runner.run(Command.of("ww-no-such-program-here", "x")))
        .isInstanceOf(ProgramNotFoundException.class)
        .hasMessageContaining("ww-no-such-program-here")
        .hasMessageContaining("not installed");
  }

  @Test
  void run_pastTimeout_killsTheProgramAndItsChildren(@TempDir Path dir) throws Exception {
    Path childPid = dir.resolve("child.pid");
    assertThatThrownBy(
            () ->
                runner.run(
                    Command.builder("sh", "-c", "sleep 300 & echo $! > " + childPid + "; sleep 300; wait")
                        .timeout(Duration.ofSeconds(2))
                        .build()))
        .isInstanceOf(ProcessFailedException.class)
        .hasMessageContaining("did not finish")
        .satisfies(e -> assertThat(((ProcessFailedException) e).exitStatus()).isEqualTo(-1));
    long pid = Long.parseLong(java.nio.file.Files.readString(childPid).strip());
    // SIGKILL is delivered at once; give the kernel time to finish the process off.
    java.util.Optional<ProcessHandle> child = ProcessHandle.of(pid);
    if (child.isPresent()) {
      child.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("background child").isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void run_streamed_handsEveryLineToTheConsumer() throws IOException {
    List<String> lines = new ArrayList<>();
    ProcessResult result =
        runner.run(
            Command.builder("sh", "-c", "echo one; echo two >&2; echo three")
                .streamTo(lines::add)
                .build());

    assertThat(lines).containsExactlyInAnyOrder("one", "two", "three");
    assertThat(result.stderr()).contains("three");
  }

  @Test
  void run_environmentAndWorkingDirectory_areApplied(@TempDir Path dir) throws IOException {
    ProcessResult result =
        runner.run(
            Command.builder("sh", "-c", "echo \"$WW_TEST_VALUE\"; pwd; echo \"${HOME:-unset}\"")
                .env("WW_TEST_VALUE", "hello world")
                .unsetEnv("HOME")
                .workingDirectory(dir)
                .build());

    assertThat(result.stdout().lines())
        .containsExactly("hello world", dir.toRealPath().toString(), "unset");
  }

  @Test
  void run_withBaseEnvironment_startsFromItOnly() throws IOException {
    SystemProcessRunner isolated =
        new SystemProcessRunner(java.util.Map.of("PATH", "/usr/bin:/bin", "ONLY", "this"));

    ProcessResult result = isolated.run(Command.of("sh", "-c", "env | sort"));

    assertThat(result.stdout()).contains("ONLY=this").doesNotContain("HOME=");
  }

  @Test
  void run_largeOutputOnBothStreams_doesNotDeadlock() throws IOException {
    ProcessResult result =
        runner.run(
            Command.of(
                "sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' a; head -c 3000000 /dev/zero >&2"));

    assertThat(result.stdout()).hasSize(3_000_000);
  }

  @Test
  void command_display_quotesArgumentsWithSpaces() {
    assertThat(Command.of("echo", "a b", "it's", "--x=1").display())
        .isEqualTo("echo 'a b' 'it'\\''s' --x=1");
  }

  @Test
  void command_withoutProgram_isRejected() {
    assertThatThrownBy(() -> Command.of()).isInstanceOf(IllegalArgumentException.class);
  }
}

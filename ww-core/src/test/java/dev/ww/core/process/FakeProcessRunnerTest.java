package dev.ww.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.process.FakeProcessRunner.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeProcessRunnerTest {

  @Test
  void run_answersFromTheMatchingRuleAndRecordsTheCommand() {
    FakeProcessRunner fake = new FakeProcessRunner().on("uname", Outcome.success("6.1.0\n"));

    ProcessResult result = fake.run(Command.of("uname", "-r"));

    assertThat(result.stdout()).isEqualTo("6.1.0\n");
    assertThat(fake.argvs()).containsExactly(List.of("uname", "-r"));
  }

  @Test
  void run_failingOutcome_throwsLikeTheRealRunner() {
    FakeProcessRunner fake =
        new FakeProcessRunner().on("debootstrap", Outcome.failure(1, "E: no such suite"));

    assertThatThrownBy(() -> fake.run(Command.of("debootstrap", "nosuch", "/x")))
        .isInstanceOf(ProcessFailedException.class)
        .hasMessageContaining("E: no such suite");
  }

  @Test
  void run_laterRuleWins() {
    FakeProcessRunner fake =
        new FakeProcessRunner()
            .on("dnf", Outcome.success("old"))
            .on(c -> c.argv().contains("install"), c -> Outcome.success("new"));

    assertThat(fake.run(Command.of("dnf", "install", "x")).stdout()).isEqualTo("new");
    assertThat(fake.run(Command.of("dnf", "remove", "x")).stdout()).isEqualTo("old");
  }

  @Test
  void run_streamedCommand_getsTheOutputLines() {
    List<String> lines = new ArrayList<>();
    FakeProcessRunner fake = new FakeProcessRunner().on("apt-get", Outcome.success("a\nb\n"));

    fake.run(Command.builder("apt-get", "install").streamTo(lines::add).build());

    assertThat(lines).containsExactly("a", "b");
  }

  @Test
  void run_withoutRule_failsLoudly() {
    assertThatThrownBy(() -> new FakeProcessRunner().run(Command.of("rm", "-rf", "/")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rm -rf /");
  }
}

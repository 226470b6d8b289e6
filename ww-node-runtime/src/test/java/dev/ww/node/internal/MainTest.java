package dev.ww.node.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(args);
  }

  @Test
  void wwgetvnfs_withoutForceOrDryRun_refusesBeforeContactingAnyone() {
    assertThat(run("wwgetvnfs", "--root", "/nonexistent")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--force").contains("--dry-run");
  }

  @Test
  void unknownOptionOrType_isUsageError() {
    assertThat(run("wwgetfiles", "--bogus")).isEqualTo(2);
    assertThat(run("wwgetscript", "sometimes")).isEqualTo(2);
    assertThat(run("wwgetfiles", "--delay", "-1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: wwgetscript");
  }

  @Test
  void wwgetvnfs_conflictingOrBadOptions_areUsageErrors() {
    assertThat(run("wwgetvnfs", "--force", "--stream", "--copy")).isEqualTo(2);
    assertThat(run("wwgetvnfs", "--force", "--batch-size", "12X")).isEqualTo(2);
    assertThat(run("wwgetvnfs", "--force", "--batch-size")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--stream and --copy exclude each other")
        .contains("--batch-size needs a size").contains("usage: wwgetvnfs");
  }

  @Test
  void wwgetfiles_noIdentity_saysWhatIsMissing() {
    assertThat(run("wwgetfiles", "--root", "/nonexistent", "--cmdline", "/nonexistent", "--delay", "0")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("ERROR: Could not identify the master");
  }
}

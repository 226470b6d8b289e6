package dev.ww.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import dev.ww.core.event.ProgressEvent;
import dev.ww.core.event.TimingEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleEventsTest {

  private final StringWriter text = new StringWriter();

  private EventHandlers handlers(LogEvent.Level level, boolean timings, boolean bar) {
    return new ConsoleEvents("wwvnfs", new PrintWriter(text, true), level, timings, bar).handlers();
  }

  @Test
  void warningsAndErrors_arePrefixedWithTheTool() {
    EventHandlers events = handlers(LogEvent.Level.INFO, false, false);

    events.warn("socket /run/x skipped");
    events.error("broken");

    assertThat(text.toString())
        .isEqualTo("wwvnfs: warning: socket /run/x skipped\nwwvnfs: error: broken\n".replace("\n", System.lineSeparator()));
  }

  @Test
  void timings_areShownOnlyWhenAsked() {
    handlers(LogEvent.Level.INFO, false, false).dispatch(new TimingEvent("Building", Duration.ofMillis(1500)));
    assertThat(text.toString()).isEmpty();

    handlers(LogEvent.Level.INFO, true, false).dispatch(new TimingEvent("Building", Duration.ofMillis(1500)));
    assertThat(text.toString()).startsWith("Building").contains(": 1.50 s");
  }

  @Test
  void progressBar_drawsPercentAndEndsTheLineWhenComplete() {
    EventHandlers events = handlers(LogEvent.Level.INFO, false, true);

    events.dispatch(new ProgressEvent("Compressing", 50, 100, "entries"));
    events.dispatch(new ProgressEvent("Compressing", 100, 100, "entries"));

    assertThat(text.toString()).contains("50%").contains("100%").contains("100 entries / 100 entries").endsWith(System.lineSeparator());
  }

  @Test
  void progressBar_isOffWhenNotATerminal() {
    handlers(LogEvent.Level.INFO, false, false).dispatch(new ProgressEvent("x", 1, 2, "bytes"));

    assertThat(text.toString()).isEmpty();
  }

  @Test
  void amount_usesBinaryUnitsForBytes() {
    assertThat(ConsoleEvents.amount(512, "bytes")).isEqualTo("512 B");
    assertThat(ConsoleEvents.amount(47 * 1024 * 1024L, "bytes")).isEqualTo("47.0 MiB");
    assertThat(ConsoleEvents.amount(3, "packages")).isEqualTo("3 packages");
  }
}

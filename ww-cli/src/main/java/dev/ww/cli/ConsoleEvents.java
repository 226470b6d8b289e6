package dev.ww.cli;

import dev.ww.core.event.EventHandlers;
import dev.ww.core.event.LogEvent;
import dev.ww.core.event.ProgressEvent;
import dev.ww.core.event.TimingEvent;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders engine events for a person: log messages by level, a one-line progress bar when the
 * output is a terminal, and step timings in verbose mode.
 */
final class ConsoleEvents {

  private static final int BAR_WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final String toolName;
  private final PrintWriter err;
  private final LogEvent.Level level;
  private final boolean timings;
  private final boolean progressBar;
  private long lastDraw;
  private boolean barShown;

  ConsoleEvents(
      String toolName, PrintWriter err, LogEvent.Level level, boolean timings, boolean progressBar) {
    this.toolName = toolName;
    this.err = err;
    this.level = level;
    this.timings = timings;
    this.progressBar = progressBar;
  }

  EventHandlers handlers() {
    return EventHandlers.builder()
        .add(LogEvent.class, this::log)
        .add(ProgressEvent.class, this::progress)
        .add(TimingEvent.class, this::timing)
        .build();
  }

  private synchronized void log(LogEvent event) {
    if (event.level().compareTo(level) > 0) {
      return;
    }
    clearBar();
    String prefix =
        switch (event.level()) {
          case ERROR -> toolName + ": error: ";
          case WARN -> toolName + ": warning: ";
          case INFO -> "";
          case DEBUG -> "debug: ";
        };
    err.println(prefix + event.message());
    err.flush();
  }

  private synchronized void timing(TimingEvent event) {
    if (timings) {
      clearBar();
      err.printf(Locale.ROOT, "%-60s: %.2f s%n", event.step(), event.elapsed().toMillis() / 1000.0);
      err.flush();
    }
  }

  private synchronized void progress(ProgressEvent event) {
    if (!progressBar) {
      return;
    }
    long now = System.nanoTime();
    if (!event.isComplete() && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    StringBuilder line = new StringBuilder("\r").append(event.task()).append(' ');
    if (event.hasTotal() && event.total() > 0) {
      int filled = (int) Math.min(BAR_WIDTH, event.done() * BAR_WIDTH / event.total());
      line.append('[')
          .append("=".repeat(filled))
          .append(" ".repeat(BAR_WIDTH - filled))
          .append("] ")
          .append(event.done() * 100 / event.total())
          .append("% ");
    }
    line.append(amount(event.done(), event.unit()));
    if (event.hasTotal()) {
      line.append(" / ").append(amount(event.total(), event.unit()));
    }
    err.print(line.append("\u001b[K"));
    barShown = true;
    if (event.isComplete()) {
      err.println();
      barShown = false;
    }
    err.flush();
  }

  private void clearBar() {
    if (barShown) {
      err.print("\r\u001b[K");
      barShown = false;
    }
  }

  static String amount(long value, String unit) {
    if (!unit.equals("bytes")) {
      return value + " " + unit;
    }
    if (value < 1024) {
      return value + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double scaled = value;
    int index = -1;
    while (scaled >= 1024 && index < units.length - 1) {
      scaled /= 1024;
      index++;
    }
    return String.format(Locale.ROOT, "%.1f %s", scaled, units[index]);
  }
}

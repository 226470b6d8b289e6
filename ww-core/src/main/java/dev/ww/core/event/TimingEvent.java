package dev.ww.core.event;

import java.time.Duration;
import java.util.Objects;

/** How long a named step took. */
public record TimingEvent(String step, Duration elapsed) implements Event {

  public TimingEvent {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(elapsed, "elapsed");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed must not be negative: " + elapsed);
    }
  }
}

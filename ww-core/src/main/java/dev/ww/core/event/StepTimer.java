package dev.ww.core.event;

import java.time.Duration;

/**
 * Measures one step from its creation until {@link #close()}, then reports a {@link
 * TimingEvent}. Use it in try-with-resources.
 */
public final class StepTimer implements AutoCloseable {
  private final EventHandlers handlers;
  private final String step;
  private final long startNanos = System.nanoTime();
  private boolean closed;

  StepTimer(EventHandlers handlers, String step) {
    this.handlers = handlers;
    this.step = step;
  }

  /** Time since the step started. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      handlers.dispatch(new TimingEvent(step, elapsed()));
    }
  }
}

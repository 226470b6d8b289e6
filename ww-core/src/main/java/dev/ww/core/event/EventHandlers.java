package dev.ww.core.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The handlers a caller registered, by event type. Immutable and safe to share between
 * threads; handlers themselves must be thread-safe when the engine works in parallel.
 *
 * <p>A handler registered for a type receives events of that type and of its subtypes, so a
 * handler for {@link Event} sees everything.
 */
public final class EventHandlers {

  private static final EventHandlers NONE = new EventHandlers(List.of());

  private final List<Registration<?>> registrations;

  private EventHandlers(List<Registration<?>> registrations) {
    this.registrations = List.copyOf(registrations);
  }

  /** Handlers that drop every event. */
  public static EventHandlers none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Delivers an event to every handler registered for its type, in registration order. */
  public void dispatch(Event event) {
    Objects.requireNonNull(event, "event");
    for (Registration<?> registration : registrations) {
      registration.deliverIfMatching(event);
    }
  }

  public void log(LogEvent.Level level, String message) {
    dispatch(new LogEvent(level, message));
  }

  public void error(String message) {
    dispatch(LogEvent.error(message));
  }

  public void warn(String message) {
    dispatch(LogEvent.warn(message));
  }

  public void info(String message) {
    dispatch(LogEvent.info(message));
  }

  public void debug(String message) {
    dispatch(LogEvent.debug(message));
  }

  /** Starts timing a step; closing the returned timer dispatches a {@link TimingEvent}. */
  public StepTimer time(String step) {
    return new StepTimer(this, step);
  }

  /** Builds an immutable set of handlers. */
  public static final class Builder {
    private final List<Registration<?>> registrations = new ArrayList<>();

    private Builder() {}

    public <E extends Event> Builder add(Class<E> type, Consumer<? super E> handler) {
      registrations.add(new Registration<>(type, handler));
      return this;
    }

    public EventHandlers build() {
      return new EventHandlers(registrations);
    }
  }

  private record Registration<E extends Event>(Class<E> type, Consumer<? super E> handler) {
    Registration {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(handler, "handler");
    }

    void deliverIfMatching(Event event) {
      if (type.isInstance(event)) {
        handler.accept(type.cast(event));
      }
    }
  }
}

package dev.ww.core.event;

import java.util.Objects;

/** A message for a person, with a severity. */
public record LogEvent(Level level, String message) implements Event {

  /** Severities, from the most to the least important. */
  public enum Level {
    ERROR,
    WARN,
    INFO,
    DEBUG
  }

  public LogEvent {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }

  public static LogEvent error(String message) {
    return new LogEvent(Level.ERROR, message);
  }

  public static LogEvent warn(String message) {
    return new LogEvent(Level.WARN, message);
  }

  public static LogEvent info(String message) {
    return new LogEvent(Level.INFO, message);
  }

  public static LogEvent debug(String message) {
    return new LogEvent(Level.DEBUG, message);
  }
}

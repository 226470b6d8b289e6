package dev.ww.core.event;

import java.util.Objects;

/**
 * How far a long task has come.
 *
 * @param task what is being done, for example "Compressing capsule"
 * @param done units done so far
 * @param total units in all, or {@value #UNKNOWN_TOTAL} when not known in advance
 * @param unit what is counted: {@code "bytes"}, {@code "entries"}, {@code "packages"}, ...
 */
public record ProgressEvent(String task, long done, long total, String unit) implements Event {

  public static final long UNKNOWN_TOTAL = -1;

  public ProgressEvent {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(unit, "unit");
    if (done < 0) {
      throw new IllegalArgumentException("done must not be negative: " + done);
    }
    if (total < UNKNOWN_TOTAL) {
      throw new IllegalArgumentException("total must be -1 (unknown) or positive: " + total);
    }
  }

  /** True when the total is known. */
  public boolean hasTotal() {
    return total != UNKNOWN_TOTAL;
  }

  /** True when the task has reached its total. */
  public boolean isComplete() {
    return hasTotal() && done >= total;
  }
}

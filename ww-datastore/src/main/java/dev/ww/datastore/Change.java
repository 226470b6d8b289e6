package dev.ww.datastore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One object's entry in the history: what a committed change (one transaction, {@code
 * changeId}) did to it. {@code before} is empty for a created object, {@code after} for a
 * deleted one.
 */
public record Change(
    long changeId,
    String who,
    Instant at,
    String summary,
    long objectId,
    String type,
    String name,
    Optional<Attributes> before,
    Optional<Attributes> after) {

  public Change {
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  public String action() {
    if (before.isEmpty()) {
      return "create";
    }
    return after.isEmpty() ? "delete" : "modify";
  }
}

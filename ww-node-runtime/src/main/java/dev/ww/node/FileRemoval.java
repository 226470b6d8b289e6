package dev.ww.node;

import java.util.Objects;

/**
 * What {@code wwgetfiles} did with a file it had placed and that is no longer listed for the
 * node (unassigned, deleted on the master, or moved to another path).
 *
 * @param id the file id
 * @param path the path it had been placed at
 * @param outcome removed, already gone, or kept
 * @param reason why it was kept, and why it was no longer listed there, for people
 */
public record FileRemoval(String id, String path, Outcome outcome, String reason) {

  /** What happened to the path. */
  public enum Outcome {
    /** It was removed. */
    REMOVED,
    /** Nothing was there any more. */
    GONE,
    /** It was left in place: it changed on the node, or is a directory that is not empty. */
    KEPT
  }

  public FileRemoval {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return switch (outcome) {
      case REMOVED -> "removed " + path + " (" + reason + ")";
      case GONE -> path + " is already gone (" + reason + ")";
      case KEPT -> "kept " + path + ": " + reason;
    };
  }
}

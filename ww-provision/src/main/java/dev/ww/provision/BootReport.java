package dev.ww.provision;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A boot-stage report a node sent: which stage it reached ({@code ipxe}, {@code init},
 * {@code capsule}, {@code files}, {@code switch-root}…), its outcome and a short message.
 */
public record BootReport(String node, String stage, Status status, String message, Instant received) {

  /** How the stage went. */
  public enum Status {
    STARTED,
    OK,
    FAILED
  }

  private static final Pattern STAGE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
  public static final int MAX_MESSAGE = 512;

  public BootReport {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(received, "received");
    if (!STAGE.matcher(stage).matches()) {
      throw new IllegalArgumentException("bad stage name: " + stage);
    }
    if (message.length() > MAX_MESSAGE) {
      throw new IllegalArgumentException("message longer than " + MAX_MESSAGE);
    }
  }
}

package dev.ww.provision;

import dev.ww.datastore.Attributes;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredObject;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Boot reports kept in the datastore, so that they outlive the server that received them and
 * every server on a shared store (and {@code wwsh node status}) sees them. One object of type
 * {@value #TYPE} per node, named like the node, whose {@value #REPORTS} member holds the newest
 * {@value #KEPT} reports, oldest first, each as {@code TIME STAGE STATUS [MESSAGE]} ({@code
 * 2026-01-01T00:00:00Z capsule failed Capsule checksum mismatch ...}). Node objects are never
 * written: a report does not change a node's version or the change times its files are
 * served with.
 */
public final class StoredBootReports {

  /** The object type holding a node's reports. */
  public static final String TYPE = "bootstatus";
  /** The member holding the reports. */
  public static final String REPORTS = "REPORTS";
  /** Reports kept per node. */
  public static final int KEPT = 16;

  private static final String WHO = "wwprovisiond";

  private final Datastore store;

  public StoredBootReports(Datastore store) {
    this.store = store;
  }

  /** Appends a report to its node's object (created on the first report). */
  public void record(BootReport report) throws IOException {
    String line = encode(report);
    store.write(
        WHO,
        "boot report: " + report.node() + " " + report.stage() + " " + status(report),
        tx -> {
          Optional<StoredObject> current = tx.get(TYPE, report.node());
          List<String> reports = new ArrayList<>(current.map(o -> o.attributes().list(REPORTS)).orElse(List.of()));
          reports.add(line);
          while (reports.size() > KEPT) {
            reports.remove(0);
          }
          if (current.isPresent()) {
            return tx.update(current.get(), current.get().attributes().set(REPORTS, reports));
          }
          return tx.create(TYPE, Attributes.empty().set("NAME", report.node()).set(REPORTS, reports));
        });
  }

  /** The node's stored reports, oldest first (none when it never reported). */
  public List<BootReport> reports(String node) throws IOException {
    return reports(List.of(node)).getOrDefault(node, List.of());
  }

  /** The stored reports of these nodes, by node name; nodes that never reported are absent. */
  public Map<String, List<BootReport>> reports(Collection<String> nodes) throws IOException {
    Set<String> wanted = new HashSet<>(nodes);
    Map<String, List<BootReport>> out = new LinkedHashMap<>();
    for (StoredObject o : store.find(Query.all(TYPE))) {
      if (!wanted.contains(o.name())) {
        continue;
      }
      List<BootReport> reports = new ArrayList<>();
      for (String line : o.attributes().list(REPORTS)) {
        decode(o.name(), line).ifPresent(reports::add);
      }
      out.put(o.name(), List.copyOf(reports));
    }
    return out;
  }

  static String encode(BootReport report) {
    String line = report.received().truncatedTo(ChronoUnit.MILLIS) + " " + report.stage() + " " + status(report);
    return report.message().isBlank() ? line : line + " " + report.message().strip();
  }

  /** A stored line back as a report; a line that is not in the format is skipped. */
  static Optional<BootReport> decode(String node, String line) {
    String[] parts = line.split(" ", 4);
    if (parts.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BootReport(
          node,
          parts[1],
          BootReport.Status.valueOf(parts[2].toUpperCase(Locale.ROOT)),
          parts.length == 4 ? parts[3] : "",
          Instant.parse(parts[0])));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String status(BootReport report) {
    return report.status().name().toLowerCase(Locale.ROOT);
  }
}

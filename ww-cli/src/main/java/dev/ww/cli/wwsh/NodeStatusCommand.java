package dev.ww.cli.wwsh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredObject;
import dev.ww.provision.BootReport;
import dev.ww.provision.StoredBootReports;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wwsh node status [NODES]}: how far each node got in its last boot, from the reports
 * its bootstrap sent to the provisioning server (stored in the datastore).
 */
@Command(
    name = "status",
    description = {
      "Show the boot stage each node last reported, when, and the failure of its last boot.",
      "Reports come from the nodes' bootstraps through wwprovisiond."
    })
final class NodeStatusCommand extends StoreCommand {

  /** Stages that open a boot: reports before the newest of these belong to earlier boots. */
  private static final List<String> FIRST_STAGES = List.of("ipxe", "network");

  @Mixin NodeCommand.Targets targets;

  @Option(names = "--json", description = "Print JSON, with every stored report.")
  boolean json;

  @Override
  protected void run(Datastore store) throws IOException {
    List<StoredObject> nodes = targets.targets.isEmpty()
        ? store.find(Query.all(ObjectTypes.NODE))
        : store.require(targets.query(ObjectTypes.NODE));
    List<String> names = nodes.stream().map(StoredObject::name).toList();
    Map<String, List<BootReport>> reports = new StoredBootReports(store).reports(names);
    if (json) {
      printJson(out(), names, reports);
    } else {
      printTable(out(), names, reports);
    }
  }

  /** The reports of the node's last boot (from the newest first stage on). */
  static List<BootReport> lastBoot(List<BootReport> reports) {
    for (int i = reports.size() - 1; i >= 0; i--) {
      if (FIRST_STAGES.contains(reports.get(i).stage())) {
        return reports.subList(i, reports.size());
      }
    }
    return reports;
  }

  /** The last failure of the node's last boot. */
  static Optional<BootReport> failure(List<BootReport> reports) {
    List<BootReport> boot = lastBoot(reports);
    for (int i = boot.size() - 1; i >= 0; i--) {
      if (boot.get(i).status() == BootReport.Status.FAILED) {
        return Optional.of(boot.get(i));
      }
    }
    return Optional.empty();
  }

  private static void printTable(PrintWriter out, List<String> names, Map<String, List<BootReport>> reports) {
    out.printf("%-19s %-15s %-8s %-20s %s%n", "NAME", "STAGE", "STATUS", "TIME", "FAILURE");
    out.println("=".repeat(79));
    for (String name : names) {
      List<BootReport> node = reports.getOrDefault(name, List.of());
      if (node.isEmpty()) {
        out.printf("%-19s %-15s %-8s %-20s %s%n", name, "-", "-", "-", "(no reports)");
        continue;
      }
      BootReport last = node.get(node.size() - 1);
      String failure = failure(node).map(f -> f.stage() + ": " + f.message()).orElse("");
      out.println(String.format("%-19s %-15s %-8s %-20s %s", name, last.stage(), status(last), time(last), failure)
          .stripTrailing());
    }
    out.flush();
  }

  private static void printJson(PrintWriter out, List<String> names, Map<String, List<BootReport>> reports)
      throws IOException {
    List<Map<String, Object>> list = new ArrayList<>();
    for (String name : names) {
      List<BootReport> node = reports.getOrDefault(name, List.of());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", name);
      if (node.isEmpty()) {
        entry.put("stage", null);
      } else {
        BootReport last = node.get(node.size() - 1);
        entry.put("stage", last.stage());
        entry.put("status", status(last));
        entry.put("time", time(last));
        entry.put("message", last.message());
      }
      entry.put("failure", failure(node).map(NodeStatusCommand::asMap).orElse(null));
      entry.put("reports", node.stream().map(NodeStatusCommand::asMap).toList());
      list.add(entry);
    }
    out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
    out.flush();
  }

  private static Map<String, Object> asMap(BootReport report) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("stage", report.stage());
    map.put("status", status(report));
    map.put("time", time(report));
    map.put("message", report.message());
    return map;
  }

  private static String status(BootReport report) {
    return report.status().name().toLowerCase(Locale.ROOT);
  }

  private static String time(BootReport report) {
    return report.received().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}

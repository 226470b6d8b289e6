package dev.ww.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ww.core.Layout;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.Datastore;
import dev.ww.datastore.DatastoreSettings;
import dev.ww.datastore.ObjectTypes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boot reports kept in the embedded datastore. */
class StoredBootReportsIT {

  @TempDir Path root;
  private Datastore store;

  @BeforeEach
  void open() throws Exception {
    store = Datastore.open(Layout.under(root), DatastoreSettings.embedded());
    store.write("test", "node", tx -> tx.create(ObjectTypes.NODE, Attributes.empty().set("NAME", "n0001")));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static BootReport report(int i, BootReport.Status status, String message) {
    return new BootReport("n0001", "step-" + i, status, message, Instant.parse("2026-01-01T00:00:00.123456Z").plusSeconds(i));
  }

  @Test
  void record_keepsTheNewestReportsInOrder_andRoundTripsMessages() throws Exception {
    StoredBootReports reports = new StoredBootReports(store);
    for (int i = 1; i <= StoredBootReports.KEPT + 4; i++) {
      reports.record(report(i, BootReport.Status.OK, ""));
    }
    reports.record(report(99, BootReport.Status.FAILED, "Capsule checksum mismatch: expected a, got b"));

    List<BootReport> stored = reports.reports("n0001");

    assertThat(stored).hasSize(StoredBootReports.KEPT);
    assertThat(stored.get(0).stage()).isEqualTo("step-6");
    BootReport last = stored.get(stored.size() - 1);
    assertThat(last.status()).isEqualTo(BootReport.Status.FAILED);
    assertThat(last.message()).isEqualTo("Capsule checksum mismatch: expected a, got b");
    assertThat(last.received()).isEqualTo(Instant.parse("2026-01-01T00:01:39.123Z"));
    assertThat(store.get(StoredBootReports.TYPE, "n0001")).isPresent();
  }

  @Test
  void record_leavesTheNodeObjectAlone_andUnreportedNodesAreAbsent() throws Exception {
    long version = store.get(ObjectTypes.NODE, "n0001").orElseThrow().version();

    new StoredBootReports(store).record(report(1, BootReport.Status.STARTED, "x"));

    assertThat(store.get(ObjectTypes.NODE, "n0001").orElseThrow().version()).isEqualTo(version);
    Map<String, List<BootReport>> both = new StoredBootReports(store).reports(List.of("n0001", "n0002"));
    assertThat(both).containsOnlyKeys("n0001");
  }

  @Test
  void decode_skipsLinesNotInTheFormat() {
    assertThat(StoredBootReports.decode("n", "garbage")).isEmpty();
    assertThat(StoredBootReports.decode("n", "notatime init ok")).isEmpty();
    assertThat(StoredBootReports.decode("n", "2026-01-01T00:00:00Z init bogus")).isEmpty();
    assertThat(StoredBootReports.decode("n", "2026-01-01T00:00:00Z init ok")).hasValueSatisfying(r -> {
      assertThat(r.stage()).isEqualTo("init");
      assertThat(r.message()).isEmpty();
    });
  }
}

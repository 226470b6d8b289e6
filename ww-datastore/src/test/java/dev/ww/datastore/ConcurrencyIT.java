package dev.ww.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Eight writer processes updating different attributes of the same nodes lose nothing. */
class ConcurrencyIT {

  private static final int PROCESSES = 8;
  private static final int UPDATES = 200;
  private static final List<String> NODES = List.of("n0001", "n0002", "n0003", "n0004");

  @TempDir Path root;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void eightProcesses_200UpdatesEach_allUpdatesPresent(Backend backend) throws Exception {
    try (StoreFixture f = new StoreFixture(backend, root)) {
      f.store.write("test", "create", tx -> {
        NODES.forEach(n -> tx.create("node", StoreFixture.node(n, null)));
        return null;
      });
      List<Process> writers = new ArrayList<>();
      for (int worker = 0; worker < PROCESSES; worker++) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(worker), String.valueOf(UPDATES)));
        args.addAll(NODES);
        writers.add(f.startWriter("update", args));
      }
      for (Process writer : writers) {
        StoreFixture.awaitSuccess(writer);
      }
      int present = 0;
      for (int worker = 0; worker < PROCESSES; worker++) {
        for (int i = 0; i < UPDATES; i++) {
          Attributes attributes = f.store.get("node", NODES.get(i % NODES.size())).orElseThrow().attributes();
          assertThat(attributes.get("W" + worker + "_" + i)).as("worker %d update %d", worker, i).contains(String.valueOf(i));
          present++;
        }
      }
      assertThat(present).isEqualTo(PROCESSES * UPDATES);
      assertThat(f.store.get("node", "n0001").orElseThrow().version()).isEqualTo(1 + PROCESSES * UPDATES / NODES.size());
    }
  }
}

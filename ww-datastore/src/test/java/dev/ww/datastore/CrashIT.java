package dev.ww.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A writer killed with SIGKILL leaves the store openable, with the old state or the new one. */
class CrashIT {

  @TempDir Path root;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void killedDuringBlobImport_leavesNoTornBlobAndNoObject(Backend backend) throws Exception {
    try (StoreFixture f = new StoreFixture(backend, root)) {
      Process writer = f.startWriter("blob", List.of());
      StoreFixture.awaitReady(writer);
      writer.destroyForcibly().waitFor();   // SIGKILL on Linux

      try (Datastore reopened = f.reopen()) {
        assertThat(reopened.get("vnfs", "torn")).isEmpty();
        if (backend == Backend.EMBEDDED) {
          Path blobs = f.layout.stateDir().resolve("blobs");
          try (Stream<Path> files = Files.walk(blobs)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("no blob and no leftover upload").isEmpty();
          }
        }
        // The store still works.
        BlobRef ref = reopened.blobs().put(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
        reopened.blobs().verify(ref.sha256());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void killedInsideMultiObjectTransaction_leavesEveryObjectAsBefore(Backend backend) throws Exception {
    try (StoreFixture f = new StoreFixture(backend, root)) {
      List<String> nodes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        nodes.add(String.format("n%04d", i));
      }
      f.store.write("test", "create", tx -> {
        nodes.forEach(n -> tx.create("node", StoreFixture.node(n, null).set("STAMP", "old")));
        return null;
      });
      List<String> args = new ArrayList<>(List.of("new"));
      args.addAll(nodes);
      Process writer = f.startWriter("multi", args);
      StoreFixture.awaitReady(writer);
      writer.destroyForcibly().waitFor();

      try (Datastore reopened = f.reopen()) {
        for (String node : nodes) {
          assertThat(reopened.get("node", node).orElseThrow().attributes().get("STAMP")).as(node).contains("old");
        }
        // And the store accepts writes again at once (no lock left behind).
        reopened.write("test", "after", tx -> {
          StoredObject n = tx.get("node", "n0000").orElseThrow();
          return tx.update(n, n.attributes().set("STAMP", "after"));
        });
        assertThat(reopened.history("node", "n0000")).hasSize(2);
      }
    }
  }
}

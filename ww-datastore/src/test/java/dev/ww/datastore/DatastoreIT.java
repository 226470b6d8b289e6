package dev.ww.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ww.core.UserException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every store behaviour, on the embedded store and on a real PostgreSQL. */
class DatastoreIT {

  @TempDir Path root;

  private StoreFixture fixture(Backend backend) throws Exception {
    return new StoreFixture(backend, root);
  }

  private static void createNodes(Datastore store, String... namesAndHwaddrs) throws Exception {
    store.write("test", "create", tx -> {
      for (int i = 0; i < namesAndHwaddrs.length; i += 2) {
        tx.create("node", StoreFixture.node(namesAndHwaddrs[i], namesAndHwaddrs[i + 1]));
      }
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void create_thenLookups_findByNameHwaddrIpGroupClusterWildcardAndRange(Backend backend) throws Exception {
    try (StoreFixture f = fixture(backend)) {
      f.store.write("test", "create", tx -> {
        for (int i = 0; i < 30; i++) {
          String name = String.format("n%04d", i);
          tx.create("node", StoreFixture.node(name, String.format("52:54:00:00:00:%02x", i))
              .set(NetDev.key("eth0", "IPADDR"), "10.0.0." + (i + 1))
              .set("GROUPS", List.of(i % 2 == 0 ? "even" : "odd", "all"))
              .set("CLUSTER", i < 10 ? "c1" : "c2"));
        }
        return null;
      });
      Datastore store = f.store;
      assertThat(store.nodeByHwaddr("52-54-00-00-00-0A")).map(Node::name).contains("n0010");
      assertThat(store.nodeByHwaddr("52:54:00:00:00:ff")).isEmpty();
      assertThat(names(store.find(Query.of("node", "IPADDR", List.of("10.0.0.3"))))).containsExactly("n0002");
      assertThat(store.find(Query.of("node", "GROUPS", List.of("odd")))).hasSize(15);
      assertThat(store.find(Query.of("node", "CLUSTER", List.of("c1")))).hasSize(10);
      assertThat(names(store.find(Query.byName("node", List.of("n000?"))))).hasSize(10);
      assertThat(names(store.find(Query.byName("node", List.of("n002*"))))).containsExactly(
          "n0020", "n0021", "n0022", "n0023", "n0024", "n0025", "n0026", "n0027", "n0028", "n0029");
      assertThat(names(store.find(Query.byName("node", List.of("n00[00,10-12]")))))
          .containsExactly("n0000", "n0010", "n0011", "n0012");
      assertThat(names(store.find(Query.of("node", "HWADDR", List.of("52:54:00:00:00:1*"))))).hasSize(14);
      assertThat(names(store.find(Query.of("node", "NETDEV.ETH0.IPADDR", List.of("10.0.0.1"))))).containsExactly("n0000");
      long id = store.get("node", "n0005").orElseThrow().id();
      assertThat(names(store.find(Query.of("node", "ID", List.of(String.valueOf(id)))))).containsExactly("n0005");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void modify_setAddDelete_areCaseInsensitiveAndPersist(Backend backend) throws Exception {
    try (StoreFixture f = fixture(backend)) {
      createNodes(f.store, "n0001", null);
      List<Modification> modifications = List.of(
          Modification.parseSet("NoRuntimeServices=1"),
          Modification.parseAdd("groups=a,b"),
          Modification.parseAdd("GROUPS=c"),
          Modification.parseDelete("groups=b"));
      f.store.write("test", "modify", tx -> {
        StoredObject node = tx.get("node", "n0001").orElseThrow();
        Attributes attributes = node.attributes();
        for (Modification m : modifications) {
          attributes = m.applyTo(attributes);
        }
        return tx.update(node, attributes);
      });
      try (Datastore reopened = f.reopen()) {
        Node node = new Node(reopened.get("node", "n0001").orElseThrow());
        assertThat(node.flag("norUNTIMEservices")).isTrue();
        assertThat(node.groups()).containsExactly("a", "c");
        reopened.write("test", "unset", tx -> {
          StoredObject current = tx.get("node", "n0001").orElseThrow();
          return tx.update(current, Modification.parseDelete("NORUNTIMESERVICES").applyTo(current.attributes()));
        });
        assertThat(reopened.get("node", "n0001").orElseThrow().attributes().has("NORUNTIMESERVICES")).isFalse();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void history_recordsWhoAndBeforeAfter_andUndoRestores(Backend backend) throws Exception {
    try (StoreFixture f = fixture(backend)) {
      createNodes(f.store, "n0001", "52:54:00:00:00:01");
      long change = f.store.writeRecorded("alice", "set console", tx -> {
        StoredObject node = tx.get("node", "n0001").orElseThrow();
        return tx.update(node, node.attributes().set("CONSOLE", "ttyS0,115200"));
      }).changeId();
      List<Change> history = f.store.history("node", "n0001");
      assertThat(history).hasSize(2);
      assertThat(history.get(1).who()).isEqualTo("alice");
      assertThat(history.get(1).before().orElseThrow().has("CONSOLE")).isFalse();
      assertThat(history.get(1).after().orElseThrow().get("CONSOLE")).contains("ttyS0,115200");

      f.store.undo(change, "bob");
      assertThat(f.store.get("node", "n0001").orElseThrow().attributes().has("CONSOLE")).isFalse();
      assertThat(f.store.history("node", "n0001")).hasSize(3).last().extracting(Change::who).isEqualTo("bob");

      long deletion = f.store.writeRecorded("alice", "delete", tx -> {
        tx.delete(tx.get("node", "n0001").orElseThrow());
        return null;
      }).changeId();
      assertThat(f.store.get("node", "n0001")).isEmpty();
      f.store.undo(deletion, "bob");
      assertThat(f.store.nodeByHwaddr("52:54:00:00:00:01")).map(Node::name).contains("n0001");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void undo_ofAnOverwrittenChange_isRefused(Backend backend) throws Exception {
    try (StoreFixture f = fixture(backend)) {
      createNodes(f.store, "n0001", null);
      long first = f.store.writeRecorded("a", "one", tx -> {
        StoredObject node = tx.get("node", "n0001").orElseThrow();
        return tx.update(node, node.attributes().set("KARGS", "quiet"));
      }).changeId();
      f.store.write("b", "two", tx -> {
        StoredObject node = tx.get("node", "n0001").orElseThrow();
        return tx.update(node, node.attributes().set("KARGS", "debug"));
      });
      assertThatThrownBy(() -> f.store.undo(first, "a"))
          .isInstanceOf(UserException.class).hasMessageContaining("has changed since");
      assertThat(new Node(f.store.get("node", "n0001").orElseThrow()).kargs()).contains("debug");
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void badInput_isRefusedWithClearErrors_andChangesNothing(Backend backend) throws Exception {
    try (StoreFixture f = fixture(backend)) {
      createNodes(f.store, "n0001", "52:54:00:00:00:01");
      assertThatThrownBy(() -> createNodes(f.store, "n0002", "52:54:00:00:00:01"))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("52:54:00:00:00:01 is already used by node n0001");
      assertThatThrownBy(() -> createNodes(f.store, "n0002", "52:54:00:zz:00:01"))
          .isInstanceOf(UserException.class).hasMessageContaining("is not a hardware address");
      assertThatThrownBy(() -> f.store.write("t", "ip", tx -> tx.create("node",
              StoreFixture.node("n0003", null).set(NetDev.key("eth0", "IPADDR"), "10.0.0.300"))))
          .isInstanceOf(UserException.class).hasMessageContaining("not a valid IP address");
      assertThatThrownBy(() -> f.store.require(Query.byName("node", List.of("n0001", "n0042"))))
          .isInstanceOf(UserException.class).hasMessageContaining("n0042");
      assertThatThrownBy(() -> f.store.find(Query.byName("node", List.of("n[10-5]"))))
          .isInstanceOf(UserException.class).hasMessageContaining("expands to nothing");
      // A transaction that fails half-way leaves nothing behind.
      assertThatThrownBy(() -> f.store.write("t", "two nodes", tx -> {
        tx.create("node", StoreFixture.node("n0010", "52:54:00:00:00:10"));
        return tx.create("node", StoreFixture.node("n0011", "52:54:00:00:00:01"));
      })).isInstanceOf(UserException.class);
      assertThat(f.store.get("node", "n0010")).isEmpty();
      assertThat(names(f.store.find(Query.all("node")))).containsExactly("n0001");
      assertThat(f.store.history("node", "n0010")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void blobs_roundTripStreamed_andCorruptionIsDetected(Backend backend) throws Exception {
    try (StoreFixture f = fixture(backend)) {
      byte[] content = new byte[3 * 1024 * 1024 + 17];
      new java.util.Random(1).nextBytes(content);
      BlobRef ref = f.store.blobs().put(new ByteArrayInputStream(content));
      assertThat(ref.size()).isEqualTo(content.length);
      assertThat(f.store.blobs().put(new ByteArrayInputStream(content))).isEqualTo(ref);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      f.store.blobs().copyTo(ref.sha256(), out);
      assertThat(out.toByteArray()).isEqualTo(content);
      Path exported = root.resolve("exported");
      f.store.blobs().exportTo(ref.sha256(), exported);
      assertThat(Files.readAllBytes(exported)).isEqualTo(content);

      // Damage the local copy (the embedded store's file, or PostgreSQL's cache entry).
      Path stored = backend == Backend.EMBEDDED
          ? f.layout.stateDir().resolve("blobs").resolve(ref.sha256().substring(0, 2)).resolve(ref.sha256())
          : f.layout.cacheDir().resolve("blobs").resolve(ref.sha256().substring(0, 2)).resolve(ref.sha256());
      byte[] damaged = Files.readAllBytes(stored);
      damaged[1000] ^= 1;
      Files.write(stored, damaged);
      assertThatThrownBy(() -> f.store.blobs().verify(ref.sha256()))
          .isInstanceOf(BlobCorruptException.class).hasMessageContaining("is corrupt");
      Path target = root.resolve("target");
      assertThatThrownBy(() -> f.store.blobs().exportTo(ref.sha256(), target)).isInstanceOf(BlobCorruptException.class);
      assertThat(target).doesNotExist();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void objectWithBlob_requiresTheBlobToExist(Backend backend) throws Exception {
    try (StoreFixture f = fixture(backend)) {
      String missing = "0".repeat(64);
      assertThatThrownBy(() -> f.store.write("t", "vnfs", tx -> tx.create("vnfs",
              Attributes.empty().set("NAME", "v").set("_BLOB", missing))))
          .isInstanceOf(UserException.class).hasMessageContaining("not in the blob store");
      BlobRef ref = f.store.blobs().put(InputStream.nullInputStream());
      f.store.write("t", "vnfs", tx -> tx.create("vnfs", Attributes.empty().set("NAME", "v").set("_BLOB", ref.sha256())));
      assertThat(f.store.find(Query.of("vnfs", "_BLOB", List.of(ref.sha256())))).hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void collectGarbage_deletesOnlyOldUnreferencedBlobs(Backend backend) throws Exception {
    try (StoreFixture f = fixture(backend)) {
      BlobRef kept = f.store.blobs().put(new ByteArrayInputStream(new byte[] {1}));
      BlobRef replaced = f.store.blobs().put(new ByteArrayInputStream(new byte[] {2}));
      BlobRef young = f.store.blobs().put(new ByteArrayInputStream(new byte[] {3}));
      f.store.write("t", "vnfs", tx -> tx.create("vnfs", Attributes.empty().set("NAME", "v").set("_BLOB", replaced.sha256())));
      f.store.write("t", "replace", tx -> {
        StoredObject v = tx.get("vnfs", "v").orElseThrow();
        return tx.update(v, v.attributes().set("_BLOB", kept.sha256()));
      });
      assertThat(f.store.collectGarbage(java.time.Duration.ofHours(1))).as("everything is young").isZero();
      Thread.sleep(50);
      BlobRef fresh = f.store.blobs().put(new ByteArrayInputStream(new byte[] {3}));   // re-stored: recent again
      assertThat(fresh).isEqualTo(young);
      assertThat(f.store.collectGarbage(java.time.Duration.ofMillis(40))).isEqualTo(1);
      assertThat(f.store.blobs().exists(replaced.sha256())).isFalse();
      assertThat(f.store.blobs().exists(young.sha256())).isTrue();
      f.store.blobs().verify(kept.sha256());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void blobParts_areReferencesToo_keptByGarbageCollection_andMustExist(Backend backend) throws Exception {
    try (StoreFixture f = fixture(backend)) {
      BlobRef initramfs = f.store.blobs().put(new ByteArrayInputStream(new byte[] {4}));
      BlobRef kernel = f.store.blobs().put(new ByteArrayInputStream(new byte[] {5}));
      f.store.write("t", "bootstrap", tx -> tx.create("bootstrap",
          Attributes.empty().set("NAME", "b").set("_BLOB", initramfs.sha256()).set("_BLOB.KERNEL", kernel.sha256())));
      Thread.sleep(50);

      assertThat(f.store.collectGarbage(java.time.Duration.ofMillis(40))).isZero();
      f.store.blobs().verify(kernel.sha256());

      String missing = "0".repeat(64);
      assertThatThrownBy(() -> f.store.write("t", "dangling", tx -> tx.create("bootstrap",
              Attributes.empty().set("NAME", "c").set("_BLOB", initramfs.sha256()).set("_BLOB.KERNEL", missing))))
          .hasMessageContaining("not in the blob store");
    }
  }

  static List<String> names(List<StoredObject> objects) {
    return objects.stream().map(StoredObject::name).toList();
  }
}

package dev.ww.datastore;

import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.datastore.internal.JdbcStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The object store: objects of any type with attributes, indexed lookups, transactions with
 * history and undo, and a content-addressed blob store. Embedded (a SQLite file under the state
 * directory) by default; PostgreSQL when {@code warewulf.yaml} says so. Safe to use from several
 * threads and from several processes at once.
 *
 * <pre>{@code
 * try (Datastore store = Datastore.open(layout)) {
 *   store.write("admin", "add n0001", tx -> tx.create("node", Attributes.empty().set("NAME", "n0001")));
 *   Optional<Node> node = store.nodeByHwaddr("52:54:00:12:34:56");
 * }
 * }</pre>
 */
public final class Datastore implements AutoCloseable {

  private final JdbcStore store;

  private Datastore(JdbcStore store) {
    this.store = store;
  }

  /** Opens the store that the layout's configuration names (the embedded one by default). */
  public static Datastore open(Layout layout) throws IOException {
    return open(layout, DatastoreSettings.load(layout));
  }

  public static Datastore open(Layout layout, DatastoreSettings settings) throws IOException {
    return new Datastore(JdbcStore.open(settings, layout));
  }

  /**
   * Whether this host has a datastore: a backend named in {@code warewulf.yaml}, or an embedded
   * store already created under the state directory. Tools that can also work without a store
   * (building a capsule or a bootstrap on a machine that is not the master) ask this instead of
   * creating an empty embedded store by opening one.
   */
  public static boolean isConfigured(Layout layout) {
    return java.nio.file.Files.exists(layout.configFile(DatastoreSettings.CONFIG_FILE))
        || java.nio.file.Files.exists(layout.statePath(JdbcStore.EMBEDDED_FILE));
  }

  /** Where the store lives, for messages. */
  public String description() {
    return store.description();
  }

  public BlobStore blobs() {
    return store.blobs();
  }

  /**
   * Runs a unit of work as one transaction: all of its changes commit together, recorded as
   * one change in the history under {@code who} and {@code summary}. When another writer
   * changed the same objects first, the work runs again on fresh data.
   */
  public <T> T write(String who, String summary, TransactionWork<T> work) throws IOException {
    return store.write(who, summary, work);
  }

  /** Like {@link #write}, also returning the id of the recorded change (0 when nothing changed). */
  public <T> Committed<T> writeRecorded(String who, String summary, TransactionWork<T> work) throws IOException {
    JdbcStore.Committed<T> committed = store.writeRecorded(who, summary, work);
    return new Committed<>(committed.value(), committed.changeId());
  }

  /** A unit of work's result and the change it recorded. */
  public record Committed<T>(T value, long changeId) {}

  public List<StoredObject> find(Query query) throws IOException {
    return store.find(query);
  }

  /** Every object type that has objects, sorted. */
  public List<String> types() throws IOException {
    return store.types();
  }

  /** Like {@link #find} but every named object must exist (else a {@link UserException}). */
  public List<StoredObject> require(Query query) throws IOException {
    return store.require(query);
  }

  public Optional<StoredObject> get(String type, String name) throws IOException {
    return store.byName(ObjectTypes.check(type), name);
  }

  public Optional<StoredObject> byId(long id) throws IOException {
    return store.byId(id);
  }

  /** The node with this hardware address: the provisioning server's hot path, one index probe. */
  public Optional<Node> nodeByHwaddr(String hwaddr) throws IOException {
    return store.byHwaddr(NetworkAddresses.hwaddr(hwaddr))
        .filter(o -> o.type().equals(ObjectTypes.NODE))
        .map(Node::new);
  }

  /** Every change to the object of this type and name (also after it was deleted), oldest first. */
  public List<Change> history(String type, String name) throws IOException {
    return store.history(ObjectTypes.check(type), name);
  }

  /** What one change did, object by object. */
  public List<Change> change(long changeId) throws IOException {
    return store.change(changeId);
  }

  /**
   * Reverts a change as a new change and returns its id. Refused when an object the change
   * touched has been changed again since.
   */
  public long undo(long changeId, String who) throws IOException {
    return store.undo(changeId, who);
  }

  /**
   * Deletes blobs that no object refers to any more (replaced or deleted content) and that were
   * stored more than {@code minimumAge} ago, so that an import in progress (blob stored, object
   * not yet) keeps its blob. Returns the number deleted.
   */
  public int collectGarbage(java.time.Duration minimumAge) throws IOException {
    return store.collectGarbage(minimumAge);
  }

  @Override
  public void close() {
    store.close();
  }
}

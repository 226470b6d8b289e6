package dev.ww.datastore.internal;

import dev.ww.core.Layout;
import dev.ww.core.UserException;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.BlobStore;
import dev.ww.datastore.Change;
import dev.ww.datastore.DatastoreSettings;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredObject;
import dev.ww.datastore.TransactionWork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/** The store over JDBC: connections, schema, the transaction/retry loop, history and undo. */
public final class JdbcStore implements AutoCloseable {

  /** The embedded database file, relative to the state directory. */
  public static final String EMBEDDED_FILE = "datastore.db";
  private static final int MAX_ATTEMPTS = 100;
  private static final int BUSY_TIMEOUT_MS = 60_000;

  private final Dialect dialect;
  /**
   * Connections kept open between uses: as many as the provisioning server's workers, so that
   * a busy server does not open and close a connection per request (with 4, store-backed node
   * config requests ran at about 2,300 per second; with 16, 3,400 to 4,300).
   */
  private static final int IDLE_CONNECTIONS = 16;

  private final ConnectionPool pool;
  private final BlobStore blobs;
  private final String description;

  private JdbcStore(Dialect dialect, ConnectionPool pool, BlobStore blobs, String description) {
    this.dialect = dialect;
    this.pool = pool;
    this.blobs = blobs;
    this.description = description;
  }

  public static JdbcStore open(DatastoreSettings settings, Layout layout) throws IOException {
    JdbcStore store;
    if (settings.backend() == DatastoreSettings.Backend.EMBEDDED) {
      Files.createDirectories(layout.stateDir());
      Path file = layout.stateDir().resolve(EMBEDDED_FILE);
      Properties properties = new Properties();
      properties.setProperty("journal_mode", "WAL");
      properties.setProperty("synchronous", "FULL");
      properties.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MS));
      properties.setProperty("foreign_keys", "false");
      String url = "jdbc:sqlite:" + file;
      ConnectionPool pool =
          new ConnectionPool(
              () -> {
                Connection connection = DriverManager.getConnection(url, properties);
                try (Statement statement = connection.createStatement()) {
                  // LIKE behaves as on PostgreSQL (case-sensitive) and can use the indexes.
                  statement.execute("PRAGMA case_sensitive_like = ON");
                }
                return connection;
              },
              IDLE_CONNECTIONS);
      store = new JdbcStore(Dialect.SQLITE, pool, new FileBlobStore(layout.stateDir().resolve("blobs")), "embedded store " + file);
    } else {
      Properties properties = new Properties();
      if (settings.user() != null) {
        properties.setProperty("user", settings.user());
      }
      if (settings.password() != null) {
        properties.setProperty("password", settings.password());
      }
      properties.setProperty("ApplicationName", "ww");
      ConnectionPool pool =
          new ConnectionPool(() -> DriverManager.getConnection(settings.url(), properties), IDLE_CONNECTIONS);
      FileBlobStore cache = new FileBlobStore(layout.cacheDir().resolve("blobs"));
      store = new JdbcStore(Dialect.POSTGRESQL, pool, new DatabaseBlobStore(pool, cache), "PostgreSQL store " + settings.url());
    }
    try {
      store.ensureSchema();
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  public String description() {
    return description;
  }

  public BlobStore blobs() {
    return blobs;
  }

  private void ensureSchema() throws IOException {
    try (ConnectionPool.Lease lease = pool.lease()) {
      Connection connection = lease.connection();
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT value FROM ww_meta WHERE key = 'schema'")) {
        if (rs.next()) {
          if (!rs.getString(1).equals("1")) {
            throw new UserException(description + " has schema version " + rs.getString(1) + "; this ww understands version 1");
          }
          return;
        }
      } catch (SQLException absent) {
        // no schema yet: create it below
      }
    }
    write("ww", "create schema", tx -> {
      JdbcTransaction.sql(() -> {
        Connection connection = ((JdbcTransaction) tx).connection();
        try (Statement statement = connection.createStatement()) {
          for (String sql : dialect.schemaLock()) {
            statement.execute(sql);
          }
          for (String sql : dialect.schema()) {
            statement.execute(sql);
          }
        }
        return null;
      });
      return null;
    });
  }

  /**
   * Runs a unit of work in one transaction, retrying it from the start when another writer
   * got in first; returns what the work returned.
   */
  public <T> T write(String who, String summary, TransactionWork<T> work) throws IOException {
    return writeRecorded(who, summary, work).value();
  }

  /** A committed unit of work's result and the id of the change it recorded (0 if none). */
  public record Committed<T>(T value, long changeId) {}

  public <T> Committed<T> writeRecorded(String who, String summary, TransactionWork<T> work) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (ConnectionPool.Lease lease = pool.lease()) {
        Connection connection = lease.connection();
        boolean committed = false;
        try {
          execute(connection, dialect.begin());
          JdbcTransaction transaction = new JdbcTransaction(connection, blobs, who, summary);
          T value = work.run(transaction);
          execute(connection, "COMMIT");
          committed = true;
          return new Committed<>(value, transaction.changeId());
        } finally {
          if (!committed) {
            rollback(connection);
          }
        }
      } catch (JdbcTransaction.ConflictException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new IOException("gave up after " + attempt + " attempts: " + e.getMessage());
        }
        backoff(attempt);
      } catch (JdbcTransaction.SqlFailure e) {
        SQLException sql = e.sqlCause();
        if (dialect.isRetryable(sql) && attempt < MAX_ATTEMPTS) {
          backoff(attempt);
          continue;
        }
        if (dialect.isUniqueViolation(sql)) {
          throw new UserException("the change conflicts with an existing object (duplicate name or hardware address): " + sql.getMessage());
        }
        throw Sql.io(summary, sql);
      } catch (SQLException e) {
        if (dialect.isRetryable(e) && attempt < MAX_ATTEMPTS) {
          backoff(attempt);
          continue;
        }
        throw Sql.io(summary, e);
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void rollback(Connection connection) {
    try {
      execute(connection, "ROLLBACK");
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the pool drops closed connections
      }
    }
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 20) * 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a transaction", e);
    }
  }

  @FunctionalInterface
  private interface Read<T> {
    T run(ObjectReader reader, Connection connection) throws SQLException;
  }

  private <T> T read(String what, Read<T> read) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try (ConnectionPool.Lease lease = pool.lease()) {
        return read.run(new ObjectReader(lease.connection()), lease.connection());
      } catch (SQLException e) {
        if (dialect.isRetryable(e) && attempt < MAX_ATTEMPTS) {
          backoff(attempt);
          continue;
        }
        throw Sql.io(what, e);
      }
    }
  }

  public List<StoredObject> find(Query query) throws IOException {
    return read("looking up " + query.type() + " objects", (reader, c) -> reader.find(query));
  }

  public List<StoredObject> require(Query query) throws IOException {
    return read("looking up " + query.type() + " objects", (reader, c) -> reader.require(query));
  }

  public Optional<StoredObject> byId(long id) throws IOException {
    return read("looking up object " + id, (reader, c) -> reader.byId(id));
  }

  public Optional<StoredObject> byName(String type, String name) throws IOException {
    return read("looking up " + type + " " + name, (reader, c) -> reader.byName(type, name));
  }

  public Optional<StoredObject> byHwaddr(String hwaddr) throws IOException {
    return read("looking up hardware address " + hwaddr, (reader, c) -> reader.byHwaddr(hwaddr));
  }

  private static final String HISTORY =
      "SELECT h.change_id, c.who, c.at, c.summary, h.object_id, h.type, h.name, h.before_data, h.after_data"
          + " FROM ww_history h JOIN ww_changes c ON c.id = h.change_id ";

  /** Every change to objects that ever had this type and name, oldest first. */
  public List<Change> history(String type, String name) throws IOException {
    return read("reading history", (reader, c) -> changes(c,
        HISTORY + "WHERE h.object_id IN (SELECT object_id FROM ww_history WHERE type = ? AND name = ?) ORDER BY h.change_id",
        List.of(type, name)));
  }

  /** What one change did, object by object. */
  public List<Change> change(long changeId) throws IOException {
    return read("reading change " + changeId, (reader, c) -> changes(c, HISTORY + "WHERE h.change_id = ? ORDER BY h.object_id", List.of(changeId)));
  }

  private static List<Change> changes(Connection connection, String sql, List<Object> parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      List<Change> out = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          out.add(new Change(
              rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4),
              rs.getLong(5), rs.getString(6), rs.getString(7),
              Optional.ofNullable(rs.getString(8)).map(AttributesJson::read),
              Optional.ofNullable(rs.getString(9)).map(AttributesJson::read)));
        }
      }
      return out;
    }
  }

  /**
   * Reverts a change, as a new change. Refused when an object it touched has changed since
   * (undo the later change first), so an undo never overwrites someone else's work.
   */
  public long undo(long changeId, String who) throws IOException {
    return writeRecorded(who, "undo change " + changeId, tx -> {
      JdbcTransaction transaction = (JdbcTransaction) tx;
      List<Change> entries = JdbcTransaction.sql(() -> changes(transaction.connection(),
          HISTORY + "WHERE h.change_id = ? ORDER BY h.object_id", List.of(changeId)));
      if (entries.isEmpty()) {
        throw new UserException("there is no change " + changeId);
      }
      for (Change entry : entries) {
        Optional<StoredObject> current = tx.byId(entry.objectId());
        Optional<Attributes> now = current.map(StoredObject::attributes);
        if (!now.equals(entry.after())) {
          throw new UserException(
              "cannot undo change " + changeId + ": " + entry.type() + " " + entry.name()
                  + " has changed since; undo the later changes first (see its history)");
        }
        if (entry.before().isEmpty()) {
          tx.delete(current.orElseThrow());
        } else if (current.isEmpty()) {
          transaction.recreate(entry.objectId(), entry.type(), entry.before().get());
        } else {
          tx.update(current.get(), entry.before().get());
        }
      }
      return null;
    }).changeId();
  }

  public List<String> types() throws IOException {
    return read("listing object types", (reader, c) -> {
      List<String> out = new ArrayList<>();
      try (Statement statement = c.createStatement();
          ResultSet rs = statement.executeQuery("SELECT DISTINCT type FROM ww_objects ORDER BY type")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  /**
   * Deletes blobs that no object refers to and that were stored more than {@code minimumAge}
   * ago; returns how many.
   */
  public int collectGarbage(java.time.Duration minimumAge) throws IOException {
    long cutoff = System.currentTimeMillis() - minimumAge.toMillis();
    java.util.Set<String> referenced = new java.util.HashSet<>(referencedBlobs());
    if (blobs instanceof FileBlobStore files) {
      return files.collectGarbage(referenced, cutoff);
    }
    return ((DatabaseBlobStore) blobs).collectGarbage(referenced, cutoff);
  }

  /** The digests that objects still refer to, for blob garbage collection. */
  public List<String> referencedBlobs() throws IOException {
    return read("listing referenced blobs", (reader, c) -> {
      List<String> out = new ArrayList<>();
      try (Statement statement = c.createStatement();
          ResultSet rs = statement.executeQuery("SELECT DISTINCT value FROM ww_lookups WHERE field = '_BLOB'")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public void close() {
    pool.close();
  }
}

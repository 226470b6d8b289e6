package dev.ww.datastore.internal;

import dev.ww.core.UserException;
import dev.ww.datastore.Attributes;
import dev.ww.datastore.BlobStore;
import dev.ww.datastore.ObjectTypes;
import dev.ww.datastore.Query;
import dev.ww.datastore.StoredObject;
import dev.ww.datastore.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** One transaction on one connection; records every write in the history as one change. */
final class JdbcTransaction implements Transaction {

  /** Another writer changed an object since this transaction read it: run the work again. */
  static final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConflictException(String message) {
      super(message, null, false, false);
    }
  }

  private final Connection connection;
  private final ObjectReader reader;
  private final BlobStore blobs;
  private final String who;
  private final String summary;
  private final long now = System.currentTimeMillis();
  private long changeId;

  JdbcTransaction(Connection connection, BlobStore blobs, String who, String summary) {
    this.connection = connection;
    this.reader = new ObjectReader(connection);
    this.blobs = blobs;
    this.who = who;
    this.summary = summary;
  }

  Connection connection() {
    return connection;
  }

  long changeId() {
    return changeId;
  }

  @Override
  public List<StoredObject> find(Query query) {
    return sql(() -> reader.find(query));
  }

  @Override
  public Optional<StoredObject> get(String type, String name) {
    return sql(() -> reader.byName(ObjectTypes.check(type), name));
  }

  @Override
  public Optional<StoredObject> byId(long id) {
    return sql(() -> reader.byId(id));
  }

  @Override
  public List<StoredObject> require(Query query) {
    return sql(() -> reader.require(query));
  }

  @Override
  public StoredObject create(String type, Attributes attributes) {
    String checkedType = ObjectTypes.check(type);
    Attributes valid = ObjectRules.validate(checkedType, attributes);
    return sql(() -> {
      String name = valid.get("NAME").orElseThrow();
      if (reader.byName(checkedType, name).isPresent()) {
        throw new UserException(checkedType + " " + name + " already exists");
      }
      checkReferences(checkedType, 0, valid, Attributes.empty());
      long id;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO ww_objects(type, name, version, modified, data) VALUES (?, ?, 1, ?, ?) RETURNING id")) {
        insert.setString(1, checkedType);
        insert.setString(2, name);
        insert.setLong(3, now);
        insert.setString(4, AttributesJson.write(valid));
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      StoredObject created = new StoredObject(id, checkedType, 1, valid);
      writeLookups(created);
      record(id, checkedType, name, null, valid);
      return created;
    });
  }

  /** Re-creates a deleted object under its old id (for undo). */
  StoredObject recreate(long id, String type, Attributes attributes) {
    Attributes valid = ObjectRules.validate(type, attributes);
    return sql(() -> {
      String name = valid.get("NAME").orElseThrow();
      if (reader.byName(type, name).isPresent()) {
        throw new UserException("cannot restore " + type + " " + name + ": another " + type + " now has that name");
      }
      checkReferences(type, id, valid, Attributes.empty());
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO ww_objects(id, type, name, version, modified, data) VALUES (?, ?, ?, 1, ?, ?)")) {
        insert.setLong(1, id);
        insert.setString(2, type);
        insert.setString(3, name);
        insert.setLong(4, now);
        insert.setString(5, AttributesJson.write(valid));
        insert.executeUpdate();
      }
      StoredObject created = new StoredObject(id, type, 1, valid);
      writeLookups(created);
      record(id, type, name, null, valid);
      return created;
    });
  }

  @Override
  public StoredObject update(StoredObject current, Attributes attributes) {
    Attributes valid = ObjectRules.validate(current.type(), attributes);
    if (valid.equals(current.attributes())) {
      return current;
    }
    return sql(() -> {
      String name = valid.get("NAME").orElseThrow();
      if (!name.equals(current.name())) {
        Optional<StoredObject> other = reader.byName(current.type(), name);
        if (other.isPresent() && other.get().id() != current.id()) {
          throw new UserException(current.type() + " " + name + " already exists");
        }
      }
      checkReferences(current.type(), current.id(), valid, current.attributes());
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE ww_objects SET name = ?, version = version + 1, modified = ?, data = ? WHERE id = ? AND version = ?")) {
        update.setString(1, name);
        update.setLong(2, now);
        update.setString(3, AttributesJson.write(valid));
        update.setLong(4, current.id());
        update.setLong(5, current.version());
        if (update.executeUpdate() != 1) {
          throw new ConflictException(current.label() + " changed since it was read");
        }
      }
      StoredObject updated = new StoredObject(current.id(), current.type(), current.version() + 1, valid);
      writeLookups(updated);
      record(current.id(), current.type(), name, current.attributes(), valid);
      return updated;
    });
  }

  @Override
  public void delete(StoredObject current) {
    sql(() -> {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM ww_objects WHERE id = ? AND version = ?")) {
        delete.setLong(1, current.id());
        delete.setLong(2, current.version());
        if (delete.executeUpdate() != 1) {
          throw new ConflictException(current.label() + " changed since it was read");
        }
      }
      deleteLookups(current.id());
      record(current.id(), current.type(), current.name(), current.attributes(), null);
      return null;
    });
  }

  private void checkReferences(String type, long selfId, Attributes attributes, Attributes previous)
      throws SQLException {
    if (type.equals(ObjectTypes.NODE)) {
      requireReferenced(attributes, previous, dev.ww.datastore.Node.VNFS, ObjectTypes.VNFS);
      requireReferenced(attributes, previous, dev.ww.datastore.Node.BOOTSTRAP, ObjectTypes.BOOTSTRAP);
      requireReferenced(attributes, previous, dev.ww.datastore.Node.FILES, ObjectTypes.FILE);
    }
    for (ObjectRules.LookupEntry entry : ObjectRules.lookups(type, attributes)) {
      if (entry.field().equals("HWADDR")) {
        try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT o.type, o.name FROM ww_lookups l JOIN ww_objects o ON o.id = l.object_id"
                    + " WHERE l.field = 'HWADDR' AND l.value = ? AND l.object_id <> ?")) {
          query.setString(1, entry.value());
          query.setLong(2, selfId);
          try (ResultSet rs = query.executeQuery()) {
            if (rs.next()) {
              throw new UserException(
                  "hardware address " + entry.value() + " is already used by " + rs.getString(1) + " " + rs.getString(2));
            }
          }
        }
      }
    }
    for (String blob : ObjectRules.blobReferences(attributes)) {
      try {
        if (!blobs.exists(blob)) {
          throw new UserException("blob sha256:" + blob + " is not in the blob store; import the content first");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Names a node newly refers to (VNFS, bootstrap, files) must exist. */
  private void requireReferenced(Attributes attributes, Attributes previous, String key, String type)
      throws SQLException {
    for (String name : attributes.list(key)) {
      if (!previous.list(key).contains(name) && reader.byName(type, name).isEmpty()) {
        throw new UserException("there is no " + type + " named " + name + " (import it first)");
      }
    }
  }

  private void writeLookups(StoredObject object) throws SQLException {
    deleteLookups(object.id());
    List<ObjectRules.LookupEntry> entries = ObjectRules.lookups(object.type(), object.attributes());
    if (entries.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO ww_lookups(object_id, type, field, value) VALUES (?, ?, ?, ?)")) {
      for (ObjectRules.LookupEntry entry : entries) {
        insert.setLong(1, object.id());
        insert.setString(2, object.type());
        insert.setString(3, entry.field());
        insert.setString(4, entry.value());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void deleteLookups(long objectId) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ww_lookups WHERE object_id = ?")) {
      delete.setLong(1, objectId);
      delete.executeUpdate();
    }
  }

  private void record(long objectId, String type, String name, Attributes before, Attributes after)
      throws SQLException {
    if (changeId == 0) {
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO ww_changes(who, at, summary) VALUES (?, ?, ?) RETURNING id")) {
        insert.setString(1, who);
        insert.setLong(2, now);
        insert.setString(3, summary);
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          changeId = rs.getLong(1);
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO ww_history(change_id, object_id, type, name, before_data, after_data) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, changeId);
      insert.setLong(2, objectId);
      insert.setString(3, type);
      insert.setString(4, name);
      insert.setString(5, before == null ? null : AttributesJson.write(before));
      insert.setString(6, after == null ? null : AttributesJson.write(after));
      insert.executeUpdate();
    }
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run() throws SQLException;
  }

  static <T> T sql(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new SqlFailure(e);
    }
  }

  /** Carries an SQLException out of the unit of work to the retry loop. */
  static final class SqlFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlFailure(SQLException cause) {
      super(cause);
    }

    SQLException sqlCause() {
      return (SQLException) getCause();
    }
  }
}

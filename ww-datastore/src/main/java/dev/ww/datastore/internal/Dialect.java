package dev.ww.datastore.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The few places where SQLite and PostgreSQL differ; everything else is one schema and one
 * code path. Transactions are started with explicit SQL so that SQLite takes its write lock
 * up front ({@code BEGIN IMMEDIATE}): two writers then queue on the busy timeout instead of
 * failing half-way.
 */
public enum Dialect {
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB", "BEGIN IMMEDIATE"),
  POSTGRESQL("BIGSERIAL PRIMARY KEY", "BYTEA", "BEGIN ISOLATION LEVEL READ COMMITTED");

  private final String idColumn;
  private final String bytesType;
  private final String begin;

  Dialect(String idColumn, String bytesType, String begin) {
    this.idColumn = idColumn;
    this.bytesType = bytesType;
    this.begin = begin;
  }

  public String begin() {
    return begin;
  }

  /** Serialises schema creation between processes (PostgreSQL; SQLite's BEGIN IMMEDIATE does it). */
  List<String> schemaLock() {
    return this == POSTGRESQL ? List.of("SELECT pg_advisory_xact_lock(7772001)") : List.of();
  }

  List<String> schema() {
    List<String> ddl = new ArrayList<>();
    ddl.add("CREATE TABLE IF NOT EXISTS ww_meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)");
    ddl.add(
        "CREATE TABLE IF NOT EXISTS ww_objects (id " + idColumn + ", type VARCHAR(64) NOT NULL,"
            + " name TEXT NOT NULL, version BIGINT NOT NULL, modified BIGINT NOT NULL, data TEXT NOT NULL)");
    ddl.add("CREATE UNIQUE INDEX IF NOT EXISTS ww_objects_type_name ON ww_objects(type, name)");
    ddl.add(
        "CREATE TABLE IF NOT EXISTS ww_lookups (object_id BIGINT NOT NULL, type VARCHAR(64) NOT NULL,"
            + " field VARCHAR(64) NOT NULL, value TEXT NOT NULL)");
    ddl.add("CREATE INDEX IF NOT EXISTS ww_lookups_field_value ON ww_lookups(field, value, type)");
    ddl.add("CREATE INDEX IF NOT EXISTS ww_lookups_object ON ww_lookups(object_id)");
    ddl.add("CREATE UNIQUE INDEX IF NOT EXISTS ww_lookups_hwaddr ON ww_lookups(value) WHERE field = 'HWADDR'");
    ddl.add(
        "CREATE TABLE IF NOT EXISTS ww_changes (id " + idColumn + ", who TEXT NOT NULL,"
            + " at BIGINT NOT NULL, summary TEXT NOT NULL)");
    ddl.add(
        "CREATE TABLE IF NOT EXISTS ww_history (change_id BIGINT NOT NULL, object_id BIGINT NOT NULL,"
            + " type VARCHAR(64) NOT NULL, name TEXT NOT NULL, before_data TEXT, after_data TEXT)");
    ddl.add("CREATE INDEX IF NOT EXISTS ww_history_object ON ww_history(object_id, change_id)");
    ddl.add("CREATE INDEX IF NOT EXISTS ww_history_change ON ww_history(change_id)");
    ddl.add("CREATE INDEX IF NOT EXISTS ww_history_name ON ww_history(type, name)");
    if (this == POSTGRESQL) {
      ddl.add(
          "CREATE TABLE IF NOT EXISTS ww_blobs (sha256 CHAR(64) PRIMARY KEY, size BIGINT NOT NULL,"
              + " upload_id BIGINT NOT NULL, created BIGINT NOT NULL)");
      ddl.add(
          "CREATE TABLE IF NOT EXISTS ww_blob_chunks (upload_id BIGINT NOT NULL, seq INTEGER NOT NULL,"
              + " data " + bytesType + " NOT NULL, PRIMARY KEY (upload_id, seq))");
      ddl.add("CREATE SEQUENCE IF NOT EXISTS ww_upload_seq");
    }
    ddl.add("INSERT INTO ww_meta(key, value) VALUES ('schema', '1') ON CONFLICT (key) DO NOTHING");
    return ddl;
  }

  /** Failures after which the whole transaction is worth running again. */
  boolean isRetryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (this == POSTGRESQL && state != null
            && (state.equals("40001") || state.equals("40P01") || state.equals("23505"))) {
          return true;
        }
        if (this == SQLITE && (sql.getErrorCode() == 5 || sql.getErrorCode() == 6)) {
          return true;
        }
      }
    }
    return false;
  }

  boolean isUniqueViolation(SQLException e) {
    String state = e.getSQLState();
    return (this == POSTGRESQL && "23505".equals(state))
        || (this == SQLITE && e.getErrorCode() == 19 && String.valueOf(e.getMessage()).contains("UNIQUE"));
  }
}

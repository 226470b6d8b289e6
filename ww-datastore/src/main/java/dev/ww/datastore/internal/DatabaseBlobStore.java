package dev.ww.datastore.internal;

import dev.ww.core.UserException;
import dev.ww.datastore.BlobRef;
import dev.ww.datastore.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Blobs in the database, for stores that several servers share: the bytes are cut into chunk
 * rows of {@value #CHUNK} bytes under an upload id, and the blob row that names them by digest
 * is inserted last, in the same transaction. A writer that dies leaves an aborted transaction
 * and nothing else. Reads go through a local {@link FileBlobStore} cache: a blob is copied from
 * the database into the cache once (verified on the way), then served from there.
 */
public final class DatabaseBlobStore implements BlobStore {

  static final int CHUNK = 1 << 20;

  private final ConnectionPool pool;
  private final FileBlobStore cache;

  public DatabaseBlobStore(ConnectionPool pool, FileBlobStore cache) {
    this.pool = pool;
    this.cache = cache;
  }

  @Override
  public BlobRef put(InputStream content) throws IOException {
    try (ConnectionPool.Lease lease = pool.lease()) {
      Connection connection = lease.connection();
      boolean finished = false;
      try {
        execute(connection, "BEGIN");
        BlobRef stored = insert(connection, content);
        finished = true;
        return stored;
      } catch (SQLException e) {
        throw Sql.io("storing a blob", e);
      } finally {
        if (!finished) {
          try {
            execute(connection, "ROLLBACK");
          } catch (SQLException e) {
            closeQuietly(connection);
          }
        }
      }
    }
  }

  /** Inserts the chunks, then the blob row; commits (or rolls back a duplicate). */
  private static BlobRef insert(Connection connection, InputStream content) throws SQLException, IOException {
    long uploadId;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT nextval('ww_upload_seq')")) {
      rs.next();
      uploadId = rs.getLong(1);
    }
    MessageDigest digest = Digests.sha256();
    long size = 0;
    int seq = 0;
    byte[] buffer = new byte[CHUNK];
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO ww_blob_chunks(upload_id, seq, data) VALUES (?, ?, ?)")) {
      int filled;
      while ((filled = content.readNBytes(buffer, 0, CHUNK)) > 0) {
        digest.update(buffer, 0, filled);
        size += filled;
        insert.setLong(1, uploadId);
        insert.setInt(2, seq++);
        insert.setBytes(3, filled == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, filled));
        insert.executeUpdate();
      }
    }
    String sha256 = Digests.hex(digest.digest());
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO ww_blobs(sha256, size, upload_id, created) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
      insert.setString(1, sha256);
      insert.setLong(2, size);
      insert.setLong(3, uploadId);
      insert.setLong(4, System.currentTimeMillis());
      if (insert.executeUpdate() == 0) {
        // The same bytes are already stored: drop this copy, and mark the old one recent so
        // that garbage collection leaves it to the object about to use it.
        execute(connection, "ROLLBACK");
        try (PreparedStatement touch = connection.prepareStatement("UPDATE ww_blobs SET created = ? WHERE sha256 = ?")) {
          touch.setLong(1, System.currentTimeMillis());
          touch.setString(2, sha256);
          touch.executeUpdate();
        }
      } else {
        execute(connection, "COMMIT");
      }
    }
    return new BlobRef(sha256, size);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the pool drops closed connections
    }
  }

  @Override
  public boolean exists(String sha256) throws IOException {
    return location(sha256) != null;
  }

  private long[] location(String sha256) throws IOException {
    BlobRef.checkDigest(sha256);
    try (ConnectionPool.Lease lease = pool.lease();
        PreparedStatement query =
            lease.connection().prepareStatement("SELECT upload_id, size FROM ww_blobs WHERE sha256 = ?")) {
      query.setString(1, sha256);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
      }
    } catch (SQLException e) {
      throw Sql.io("looking up blob " + sha256, e);
    }
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    if (!cache.exists(sha256)) {
      fillCache(sha256);
    }
    return cache.open(sha256);
  }

  private void fillCache(String sha256) throws IOException {
    long[] location = location(sha256);
    if (location == null) {
      throw new UserException("blob sha256:" + sha256 + " is not in the database");
    }
    Path temp = cache.newTempFile();
    try {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE);
          InputStream in =
              new VerifyingInputStream(new ChunkInputStream(location[0]), sha256, location[1], "the database")) {
        in.transferTo(out);
      }
      try (var channel = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      cache.install(temp, sha256);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void exportTo(String sha256, Path destination) throws IOException {
    if (!cache.exists(sha256)) {
      fillCache(sha256);
    }
    cache.exportTo(sha256, destination);
  }

  /**
   * Deletes the blobs no object refers to that were last stored before {@code cutoffMillis},
   * from the database and from the local cache; returns how many were in the database.
   */
  public int collectGarbage(java.util.Set<String> referenced, long cutoffMillis) throws IOException {
    int deleted = 0;
    try (ConnectionPool.Lease lease = pool.lease()) {
      Connection connection = lease.connection();
      java.util.List<String> candidates = new java.util.ArrayList<>();
      try (PreparedStatement query = connection.prepareStatement("SELECT sha256 FROM ww_blobs WHERE created < ?")) {
        query.setLong(1, cutoffMillis);
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            if (!referenced.contains(rs.getString(1))) {
              candidates.add(rs.getString(1));
            }
          }
        }
      }
      for (String sha256 : candidates) {
        boolean finished = false;
        try {
          execute(connection, "BEGIN");
          Long uploadId = null;
          try (PreparedStatement delete = connection.prepareStatement(
              "DELETE FROM ww_blobs WHERE sha256 = ? AND created < ? RETURNING upload_id")) {
            delete.setString(1, sha256);
            delete.setLong(2, cutoffMillis);
            try (ResultSet rs = delete.executeQuery()) {
              if (rs.next()) {
                uploadId = rs.getLong(1);
              }
            }
          }
          if (uploadId != null) {
            try (PreparedStatement chunks = connection.prepareStatement("DELETE FROM ww_blob_chunks WHERE upload_id = ?")) {
              chunks.setLong(1, uploadId);
              chunks.executeUpdate();
            }
            deleted++;
          }
          execute(connection, "COMMIT");
          finished = true;
        } finally {
          if (!finished) {
            try {
              execute(connection, "ROLLBACK");
            } catch (SQLException e) {
              closeQuietly(connection);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw Sql.io("collecting unreferenced blobs", e);
    }
    cache.collectGarbage(referenced, cutoffMillis);
    return deleted;
  }

  /** Reads an upload's chunks one row at a time, so a large blob never sits in memory. */
  private final class ChunkInputStream extends InputStream {
    private final long uploadId;
    private int nextSeq;
    private byte[] current = new byte[0];
    private int position;
    private boolean done;

    ChunkInputStream(long uploadId) {
      this.uploadId = uploadId;
    }

    private boolean fill() throws IOException {
      while (!done && position >= current.length) {
        try (ConnectionPool.Lease lease = pool.lease();
            PreparedStatement query =
                lease.connection().prepareStatement("SELECT data FROM ww_blob_chunks WHERE upload_id = ? AND seq = ?")) {
          query.setLong(1, uploadId);
          query.setInt(2, nextSeq);
          try (ResultSet rs = query.executeQuery()) {
            if (rs.next()) {
              current = rs.getBytes(1);
              position = 0;
              nextSeq++;
            } else {
              done = true;
            }
          }
        } catch (SQLException e) {
          throw Sql.io("reading blob chunk " + nextSeq, e);
        }
      }
      return !done || position < current.length;
    }

    @Override
    public int read() throws IOException {
      if (!fill()) {
        return -1;
      }
      return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(length, current.length - position);
      System.arraycopy(current, position, buffer, offset, n);
      position += n;
      return n;
    }
  }

}

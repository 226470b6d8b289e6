package dev.ww.datastore.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/** A few reusable connections to one database, handed out one caller at a time. */
public final class ConnectionPool implements AutoCloseable {

  /** Opens a new connection. */
  @FunctionalInterface
  public interface Opener {
    Connection open() throws SQLException;
  }

  private final Opener opener;
  private final int maxIdle;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  public ConnectionPool(Opener opener, int maxIdle) {
    this.opener = opener;
    this.maxIdle = maxIdle;
  }

  /** A connection for the duration of a try-with-resources block. */
  public Lease lease() throws IOException {
    Connection connection;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the datastore is closed");
      }
      connection = idle.pollFirst();
    }
    if (connection == null) {
      try {
        connection = opener.open();
      } catch (SQLException e) {
        throw Sql.io("connecting", e);
      }
    }
    return new Lease(connection);
  }

  private void giveBack(Connection connection) {
    boolean keep;
    try {
      keep = !connection.isClosed() && connection.getAutoCommit();
    } catch (SQLException e) {
      keep = false;
    }
    synchronized (this) {
      if (keep && !closed && idle.size() < maxIdle) {
        idle.addFirst(connection);
        return;
      }
    }
    closeQuietly(connection);
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Connection connection : idle) {
      closeQuietly(connection);
    }
    idle.clear();
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing more to do with a connection we are dropping
    }
  }

  /** One borrowed connection. */
  public final class Lease implements AutoCloseable {
    private final Connection connection;

    private Lease(Connection connection) {
      this.connection = connection;
    }

    public Connection connection() {
      return connection;
    }

    @Override
    public void close() {
      giveBack(connection);
    }
  }
}

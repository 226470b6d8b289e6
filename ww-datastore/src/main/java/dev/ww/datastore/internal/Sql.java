package dev.ww.datastore.internal;

import java.io.IOException;
import java.sql.SQLException;

final class Sql {
  private Sql() {}

  static IOException io(String what, SQLException e) {
    return new IOException("datastore error while " + what + ": " + e.getMessage(), e);
  }
}

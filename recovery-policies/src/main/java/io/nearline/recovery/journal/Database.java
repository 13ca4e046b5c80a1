package io.nearline.recovery.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The catalog, as this module sees it: fresh auto-commit connections. */
@FunctionalInterface
public interface Database {
  Connection connect() throws SQLException;

  /** Maps one row. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet r) throws SQLException;
  }

  default int update(String sql, Object... args) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = prepare(c, sql, args)) {
      return s.executeUpdate();
    }
  }

  default <T> List<T> query(Row<T> row, String sql, Object... args) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = prepare(c, sql, args);
         ResultSet r = s.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (r.next()) {
        out.add(row.map(r));
      }
      return out;
    }
  }

  /** Prepares {@code sql} with {@code args} bound in order; nulls and instants allowed. */
  static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      if (args[i] == null) {
        s.setNull(i + 1, s.getParameterMetaData().getParameterType(i + 1));
      } else if (args[i] instanceof Instant at) {
        s.setTimestamp(i + 1, Timestamp.from(at));
      } else {
        s.setObject(i + 1, args[i]);
      }
    }
    return s;
  }

  static Instant instant(ResultSet r, String column) throws SQLException {
    Timestamp t = r.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}

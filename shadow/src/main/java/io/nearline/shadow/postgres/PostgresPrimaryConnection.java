package io.nearline.shadow.postgres;

import io.nearline.shadow.Position;
import io.nearline.shadow.PrimaryConnection;
import io.nearline.shadow.ShadowException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One JDBC connection to a primary: its WAL insert position, and restore points. */
final class PostgresPrimaryConnection implements PrimaryConnection {
  private final Connection connection;
  private final String describe;

  PostgresPrimaryConnection(Connection connection, String describe) {
    this.connection = connection;
    this.describe = describe;
  }

  @Override
  public Position currentPosition() throws ShadowException {
    return Lsn.parse(single("SELECT pg_current_wal_insert_lsn()::text", null));
  }

  @Override
  public Position markPoint(String name) throws ShadowException {
    return Lsn.parse(single("SELECT pg_create_restore_point(?)::text", name));
  }

  private String single(String sql, String argument) throws ShadowException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      if (argument != null) {
        s.setString(1, argument);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    } catch (SQLException e) {
      throw new ShadowException("the primary at " + describe + " did not answer: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException alreadyBroken) {
      // Nothing left to release.
    }
  }
}

package io.nearline.recovery.postgres;

import io.nearline.shadow.postgres.Lsn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/** Where the surrogate's replay stands this moment, asked of it directly (status lags a poll). */
final class SurrogateReplay {
  private SurrogateReplay() {
  }

  static PgSurrogate now(PgSurrogate s) throws SQLException {
    try (Connection c = s.connection().open("nearline-restore", 10, 30);
         Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT pg_last_wal_replay_lsn()::text, "
             + "pg_last_xact_replay_timestamp()")) {
      r.next();
      Timestamp at = r.getTimestamp(2);
      return s.at(Lsn.parse(r.getString(1)), at == null ? s.replayedAt() : at.toInstant());
    }
  }
}

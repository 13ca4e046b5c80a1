package io.nearline.recovery.postgres;

import io.nearline.recovery.steps.RecoveryEnvironment.Surrogate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Properties;

/** Where the surrogate's replay stands this moment, asked of it directly (status lags a poll). */
final class SurrogateReplay {
  private SurrogateReplay() {
  }

  static Surrogate now(Surrogate s) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", s.user());
    p.setProperty("connectTimeout", "10");
    p.setProperty("ApplicationName", "nearline-restore");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.port()
        + "/" + s.dbname(), p); Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT pg_last_wal_replay_lsn()::text, "
             + "pg_last_xact_replay_timestamp()")) {
      r.next();
      Timestamp at = r.getTimestamp(2);
      return new Surrogate(s.port(), s.user(), s.dbname(), s.pgBin(), s.osUser(),
          s.majorVersion(), r.getString(1), at == null ? s.replayedAt() : at.toInstant());
    }
  }
}

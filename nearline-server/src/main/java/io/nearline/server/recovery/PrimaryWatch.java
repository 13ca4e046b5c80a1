package io.nearline.server.recovery;

import io.nearline.recovery.steps.RecoveryEnvironment.PrimaryActivity;
import io.nearline.shadow.postgres.ConnectionString;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notes, once a second, whether each primary's WAL insert position moved: the last moment a
 * primary was seen writing is where a failover's RPO is measured from, since a dead primary can
 * no longer be asked. One light query on an open connection; a primary that does not answer is
 * simply not noted.
 */
final class PrimaryWatch {
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final Map<String, String> lastLsn = new ConcurrentHashMap<>();
  private final Map<String, PrimaryActivity> activity = new ConcurrentHashMap<>();

  void look(String server, String connectionString) {
    try {
      Connection c = connections.get(server);
      if (c == null || c.isClosed()) {
        c = open(connectionString);
        connections.put(server, c);
      }
      try (Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
        r.next();
        String lsn = r.getString(1);
        String before = lastLsn.put(server, lsn);
        if (before != null && !before.equals(lsn)) {
          activity.put(server, new PrimaryActivity(Instant.now(), lsn));
        }
      }
    } catch (SQLException e) {
      forget(server);
    }
  }

  Optional<PrimaryActivity> activity(String server) {
    return Optional.ofNullable(activity.get(server));
  }

  void forget(String server) {
    Connection c = connections.remove(server);
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Already broken.
      }
    }
  }

  static Connection open(String connectionString) throws SQLException {
    Map<String, String> k = ConnectionString.parse(connectionString).keywords();
    Properties p = new Properties();
    p.setProperty("user", k.getOrDefault("user", "postgres"));
    p.setProperty("connectTimeout", "2");
    p.setProperty("socketTimeout", "5");
    p.setProperty("ApplicationName", "nearline-watch");
    return DriverManager.getConnection("jdbc:postgresql://" + k.getOrDefault("host", "localhost")
        + ":" + k.getOrDefault("port", "5432") + "/" + k.getOrDefault("dbname", "postgres"), p);
  }

  void close() {
    connections.keySet().forEach(this::forget);
  }
}

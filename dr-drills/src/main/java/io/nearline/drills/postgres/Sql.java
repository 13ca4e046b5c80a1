package io.nearline.drills.postgres;

import io.nearline.recovery.drill.DrillServer;
import io.nearline.shadow.postgres.ConnectionString;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs a query on a PostgreSQL drill server and gives its rows as psql -At would. */
final class Sql {
  private Sql() {
  }

  static Connection connect(DrillServer server, Duration timeout) throws SQLException {
    int seconds = (int) Math.max(1, timeout.toSeconds());
    return ConnectionString.parse("host=" + server.host() + " port=" + server.port()
        + " dbname=" + server.database() + " user=" + server.user())
        .open("nearline-drill-probe", Math.min(seconds, 30), seconds + 5);
  }

  /** The rows, one per line, columns separated by |, nulls empty. */
  static String rows(DrillServer server, String sql, Duration timeout) throws SQLException {
    try (Connection c = connect(server, timeout); Statement s = c.createStatement()) {
      s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      try (ResultSet r = s.executeQuery(sql)) {
        int columns = r.getMetaData().getColumnCount();
        List<String> lines = new ArrayList<>();
        while (r.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            String v = r.getString(i);
            row.add(v == null ? "" : v);
          }
          lines.add(String.join("|", row));
        }
        return String.join("\n", lines);
      }
    }
  }
}

package io.nearline.server.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Gaps, quarantined files and the event log. */
public final class Incidents {
  private final Catalog catalog;

  public Incidents(Catalog catalog) {
    this.catalog = catalog;
  }

  public record Gap(String afterFile, String beforeFile, Instant detectedAt) {}

  public record Quarantined(String fileName, long size, String sha256, String reason,
      String evidencePath, Instant quarantinedAt) {}

  public record Event(String serverName, Instant at, String severity, String message) {}

  /** Records a gap unless the same one is already open. Returns whether it is new. */
  public boolean openGap(int serverId, String afterFile, String beforeFile) throws SQLException {
    return catalog.inTransaction(c -> {
      for (Gap g : openGaps(c, serverId)) {
        if (java.util.Objects.equals(g.afterFile(), afterFile)
            && g.beforeFile().equals(beforeFile)) {
          return false;
        }
      }
      Catalog.update(c, "INSERT INTO gap (server_id, after_file, before_file, detected_at) "
          + "VALUES (?, ?, ?, ?)", serverId, afterFile, beforeFile, now());
      return true;
    });
  }

  /** Closes every open gap: called once collection has moved past them. */
  public void resolveGaps(int serverId) throws SQLException {
    catalog.update("UPDATE gap SET resolved_at = ? WHERE server_id = ? AND resolved_at IS NULL",
        now(), serverId);
  }

  public List<Gap> openGaps(int serverId) throws SQLException {
    try (Connection c = catalog.connect()) {
      return openGaps(c, serverId);
    }
  }

  private static List<Gap> openGaps(Connection c, int serverId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT after_file, before_file, detected_at "
        + "FROM gap WHERE server_id = ? AND resolved_at IS NULL ORDER BY id")) {
      s.setInt(1, serverId);
      List<Gap> gaps = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          gaps.add(new Gap(r.getString(1), r.getString(2), r.getTimestamp(3).toInstant()));
        }
      }
      return gaps;
    }
  }

  /** Records a quarantined file unless the same bytes are already quarantined. */
  public boolean quarantine(int serverId, Quarantined q) throws SQLException {
    return catalog.inTransaction(c -> {
      boolean known = openQuarantine(c, serverId).stream()
          .anyMatch(o -> o.fileName().equals(q.fileName()) && o.sha256().equals(q.sha256()));
      if (!known) {
        Catalog.update(c, "INSERT INTO quarantined_file (server_id, file_name, file_size, sha256, reason, "
            + "evidence_path, quarantined_at) VALUES (?, ?, ?, ?, ?, ?, ?)", serverId,
            q.fileName(), q.size(), q.sha256(), truncate(q.reason(), 2000), q.evidencePath(),
            q.quarantinedAt());
      }
      return !known;
    });
  }

  /** Marks a file's quarantine resolved: a good copy of it has since been collected. */
  public void resolveQuarantine(int serverId, String fileName) throws SQLException {
    catalog.update("UPDATE quarantined_file SET resolved_at = ? WHERE server_id = ? "
        + "AND file_name = ? AND resolved_at IS NULL", now(), serverId, fileName);
  }

  public List<Quarantined> openQuarantine(int serverId) throws SQLException {
    try (Connection c = catalog.connect()) {
      return openQuarantine(c, serverId);
    }
  }

  private static List<Quarantined> openQuarantine(Connection c, int serverId)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT file_name, file_size, sha256, reason, "
        + "evidence_path, quarantined_at FROM quarantined_file WHERE server_id = ? "
        + "AND resolved_at IS NULL ORDER BY id")) {
      s.setInt(1, serverId);
      List<Quarantined> list = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          list.add(new Quarantined(r.getString(1), r.getLong(2), r.getString(3), r.getString(4),
              r.getString(5), r.getTimestamp(6).toInstant()));
        }
      }
      return list;
    }
  }

  public void event(String serverName, String severity, String message) throws SQLException {
    catalog.update("INSERT INTO event (server_name, occurred_at, severity, message) "
        + "VALUES (?, ?, ?, ?)", serverName, now(), severity, truncate(message, 4000));
  }

  public List<Event> recentEvents(String serverName, int limit) throws SQLException {
    try (Connection c = catalog.connect(); PreparedStatement s = c.prepareStatement(
        "SELECT server_name, occurred_at, severity, message FROM event WHERE server_name = ? "
            + "ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY")) {
      s.setString(1, serverName);
      List<Event> events = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          events.add(new Event(r.getString(1), r.getTimestamp(2).toInstant(), r.getString(3),
              r.getString(4)));
        }
      }
      return events;
    }
  }

  private static Instant now() {
    return Instant.now();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}

package io.nearline.server.catalog;

import io.nearline.shadow.ServerIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The protected_server table. */
public final class ProtectedServers {
  private final Catalog catalog;

  public ProtectedServers(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Inserts a new server; fails if the name is taken. */
  public ProtectedServerRow insert(String name, String kind, String shareUrl, String shareUser,
      String sealedPassword, String primaryConnection, ServerIdentity identity,
      boolean surrogateWanted) throws SQLException {
    try (Connection c = catalog.connect();
         PreparedStatement s = c.prepareStatement("""
             INSERT INTO protected_server (name, kind, share_url, share_user, share_secret,
               primary_connection, system_identifier, segment_size, app_version, created_at,
               surrogate_wanted)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      s.setString(1, name);
      s.setString(2, kind);
      s.setString(3, shareUrl);
      s.setString(4, shareUser);
      s.setString(5, sealedPassword);
      s.setString(6, primaryConnection);
      s.setString(7, identity.systemIdentifier());
      s.setLong(8, identity.segmentSize());
      s.setString(9, identity.version());
      s.setTimestamp(10, Timestamp.from(Instant.now()));
      s.setBoolean(11, surrogateWanted);
      s.executeUpdate();
    }
    return find(name).orElseThrow();
  }

  public List<ProtectedServerRow> all() throws SQLException {
    return query("SELECT * FROM protected_server ORDER BY name", null);
  }

  public Optional<ProtectedServerRow> find(String name) throws SQLException {
    return query("SELECT * FROM protected_server WHERE name = ?", name).stream().findFirst();
  }

  /** Moves the collected position: collection continues after {@code segment}. */
  public void setLastSegment(int id, String segment) throws SQLException {
    catalog.update("UPDATE protected_server SET last_segment = ? WHERE id = ?", segment, id);
  }

  public void setPaused(int id, boolean paused) throws SQLException {
    catalog.update("UPDATE protected_server SET paused = ? WHERE id = ?", paused, id);
  }

  public void setSurrogatePort(int id, int port) throws SQLException {
    catalog.update("UPDATE protected_server SET surrogate_port = ? WHERE id = ?", port, id);
  }

  public void delete(int id) throws SQLException {
    catalog.update("DELETE FROM protected_server WHERE id = ?", id);
  }

  private List<ProtectedServerRow> query(String sql, String name) throws SQLException {
    try (Connection c = catalog.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      if (name != null) {
        s.setString(1, name);
      }
      List<ProtectedServerRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(row(r));
        }
      }
      return rows;
    }
  }

  private static ProtectedServerRow row(ResultSet r) throws SQLException {
    Timestamp collectedAt = r.getTimestamp("last_collected_at");
    return new ProtectedServerRow(r.getInt("id"), r.getString("name"), r.getString("kind"),
        r.getString("share_url"), r.getString("share_user"), r.getString("share_secret"),
        r.getString("primary_connection"),
        new ServerIdentity(r.getString("system_identifier"), r.getLong("segment_size"),
            r.getString("app_version")),
        r.getBoolean("paused"), r.getString("last_segment"),
        collectedAt == null ? null : collectedAt.toInstant(),
        r.getLong("segments_collected"), r.getLong("bytes_collected"),
        r.getBoolean("surrogate_wanted"), (Integer) r.getObject("surrogate_port"));
  }
}

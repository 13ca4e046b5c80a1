package io.nearline.server.catalog;

import io.nearline.shadow.ServerIdentity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The protected_server table. */
public final class ProtectedServers {
  private final Jdbi jdbi;

  public ProtectedServers(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /** Inserts a new server; fails if the name is taken. */
  public ProtectedServerRow insert(String name, String kind, String shareUrl, String shareUser,
      String sealedPassword, String primaryConnection, ServerIdentity identity,
      boolean surrogateWanted) {
    jdbi.useHandle(h -> h.createUpdate("""
        INSERT INTO protected_server (name, kind, share_url, share_user, share_secret,
          primary_connection, system_identifier, segment_size, app_version, created_at,
          surrogate_wanted)
        VALUES (:name, :kind, :share, :user, :secret, :primary, :system, :segmentSize,
          :version, :now, :surrogate)""")
        .bind("name", name).bind("kind", kind).bind("share", shareUrl).bind("user", shareUser)
        .bind("secret", sealedPassword).bind("primary", primaryConnection)
        .bind("system", identity.systemIdentifier()).bind("segmentSize", identity.segmentSize())
        .bind("version", identity.version()).bind("now", Instant.now())
        .bind("surrogate", surrogateWanted).execute());
    return find(name).orElseThrow();
  }

  public List<ProtectedServerRow> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM protected_server ORDER BY name")
        .map(ProtectedServers::row).list());
  }

  public Optional<ProtectedServerRow> find(String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM protected_server WHERE name = :n")
        .bind("n", name).map(ProtectedServers::row).findOne());
  }

  /** Moves the collected position: collection continues after {@code segment}. */
  public void setLastSegment(int id, String segment) {
    set(id, "last_segment", segment);
  }

  /** Where and how the server's share and primary are reached. */
  public void setAccess(int id, String shareUrl, String shareUser, String sealedPassword,
      String primaryConnection) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE protected_server SET share_url = :share, "
        + "share_user = :user, share_secret = :secret, primary_connection = :primary "
        + "WHERE id = :id").bind("share", shareUrl).bind("user", shareUser)
        .bind("secret", sealedPassword).bind("primary", primaryConnection).bind("id", id)
        .execute());
  }

  public void setPaused(int id, boolean paused) {
    set(id, "paused", paused);
  }

  public void setSurrogatePort(int id, int port) {
    set(id, "surrogate_port", port);
  }

  public void delete(int id) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM protected_server WHERE id = :id")
        .bind("id", id).execute());
  }

  private void set(int id, String column, Object value) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE protected_server SET " + column
        + " = :value WHERE id = :id").bind("value", value).bind("id", id).execute());
  }

  private static ProtectedServerRow row(ResultSet r, StatementContext ctx) throws SQLException {
    return new ProtectedServerRow(r.getInt("id"), r.getString("name"), r.getString("kind"),
        r.getString("share_url"), r.getString("share_user"), r.getString("share_secret"),
        r.getString("primary_connection"),
        new ServerIdentity(r.getString("system_identifier"), r.getLong("segment_size"),
            r.getString("app_version")),
        r.getBoolean("paused"), r.getString("last_segment"),
        Columns.instant(r, "last_collected_at"),
        r.getLong("segments_collected"), r.getLong("bytes_collected"),
        r.getBoolean("surrogate_wanted"), (Integer) r.getObject("surrogate_port"));
  }
}

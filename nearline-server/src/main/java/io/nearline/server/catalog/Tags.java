package io.nearline.server.catalog;

import io.nearline.recovery.journal.Database;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The recovery_tag table: log positions recorded under a name. */
public final class Tags {
  private final Catalog catalog;

  public Tags(Catalog catalog) {
    this.catalog = catalog;
  }

  /** A tagged recovery point of one server. */
  public record Tag(String tag, String position, Instant createdAt) {}

  /** Records a tag; the table refuses a second one of the same name. */
  public void add(int serverId, Tag tag) throws SQLException {
    catalog.update("INSERT INTO recovery_tag (server_id, tag, position, created_at) "
        + "VALUES (?, ?, ?, ?)", serverId, tag.tag(), tag.position(), tag.createdAt());
  }

  public Optional<Tag> find(int serverId, String tag) throws SQLException {
    return catalog.query(Tags::row, "SELECT * FROM recovery_tag WHERE server_id = ? AND tag = ?",
        serverId, tag).stream().findFirst();
  }

  public List<Tag> all(int serverId) throws SQLException {
    return catalog.query(Tags::row, "SELECT * FROM recovery_tag WHERE server_id = ? "
        + "ORDER BY created_at DESC", serverId);
  }

  private static Tag row(java.sql.ResultSet r) throws SQLException {
    return new Tag(r.getString("tag"), r.getString("position"),
        Database.instant(r, "created_at"));
  }
}

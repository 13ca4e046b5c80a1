package io.nearline.server.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The recovery_tag table: log positions recorded under a name. */
public final class Tags {
  private static final String COLUMNS = "SELECT tag, position, created_at FROM recovery_tag ";

  private final Jdbi jdbi;

  public Tags(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /** A tagged recovery point as stored: its position in the application's canonical text. */
  public record TagRow(String tag, String position, Instant createdAt) {}

  /** Records a tag; the table refuses a second one of the same name. */
  public void add(int serverId, TagRow tag) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO recovery_tag (server_id, tag, position, "
        + "created_at) VALUES (:id, :tag, :position, :createdAt)").bind("id", serverId)
        .bindMethods(tag).execute());
  }

  public Optional<TagRow> find(int serverId, String tag) {
    return jdbi.withHandle(h -> h.createQuery(COLUMNS + "WHERE server_id = :id AND tag = :tag")
        .bind("id", serverId).bind("tag", tag).map(ConstructorMapper.of(TagRow.class)).findOne());
  }

  public List<TagRow> all(int serverId) {
    return jdbi.withHandle(h -> h.createQuery(COLUMNS + "WHERE server_id = :id "
        + "ORDER BY created_at DESC").bind("id", serverId).map(ConstructorMapper.of(TagRow.class))
        .list());
  }
}

package io.nearline.server.pit;

import io.nearline.common.json.Json;
import io.nearline.server.catalog.Catalog;
import io.nearline.services.pit.LegalHold;
import io.nearline.services.pit.RetentionPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Retention policies, legal holds and the journal of deletions. */
final class RetentionCatalog {
  private static final String HOLDS = "SELECT h.id, p.name AS server, h.asked_for, h.position, "
      + "h.reason, h.set_by, h.set_at, h.lifted_by, h.lifted_at FROM legal_hold h "
      + "JOIN protected_server p ON p.id = h.server_id ";

  /** A deletion journaled before its file goes. */
  record Deletion(long id, String objectKind, String name, String path, long sizeBytes) {}

  private final Jdbi jdbi;

  RetentionCatalog(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  Optional<RetentionPolicy> policy(int serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT retention FROM protected_server WHERE "
        + "id = :id").bind("id", serverId).mapTo(String.class).findOne())
        .map(json -> Json.read(json, RetentionPolicy.class));
  }

  void setPolicy(int serverId, RetentionPolicy policy) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE protected_server SET retention = :json WHERE "
        + "id = :id").bind("id", serverId).bind("json", Json.write(policy)).execute());
  }

  LegalHold addHold(int serverId, String askedFor, String position, String reason, String by) {
    long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO legal_hold (server_id, asked_for, "
        + "position, reason, set_by, set_at) VALUES (:server, :asked, :position, :reason, :by, "
        + ":at)").bind("server", serverId).bind("asked", askedFor).bind("position", position)
        .bind("reason", reason).bind("by", by).bind("at", Instant.now())
        .executeAndReturnGeneratedKeys("ID").mapTo(Long.class).one());
    return hold(id).orElseThrow();
  }

  Optional<LegalHold> hold(long id) {
    return jdbi.withHandle(h -> h.createQuery(HOLDS + "WHERE h.id = :id").bind("id", id)
        .map(ConstructorMapper.of(LegalHold.class)).findOne());
  }

  /** True if it was in force and is lifted now. */
  boolean liftHold(long id, String by) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE legal_hold SET lifted_by = :by, "
        + "lifted_at = :at WHERE id = :id AND lifted_at IS NULL").bind("id", id).bind("by", by)
        .bind("at", Instant.now()).execute()) == 1;
  }

  /** Holds of a server (or all, null), those in force first. */
  List<LegalHold> holds(String server) {
    return jdbi.withHandle(h -> h.createQuery(HOLDS + "WHERE CAST(:server AS VARCHAR(64)) IS "
        + "NULL OR p.name = :server ORDER BY CASE WHEN h.lifted_at IS NULL THEN 0 ELSE 1 END, "
        + "h.id DESC").bind("server", server).map(ConstructorMapper.of(LegalHold.class)).list());
  }

  /**
   * Journals the deletions and removes their catalog rows in one transaction: from then on
   * nothing points at the files, and a crash leaves only files to remove.
   */
  void journalAndForget(int serverId, List<Long> logFileIds, List<Long> baselineIds,
      List<Deletion> deletions, String reason) {
    jdbi.useTransaction(h -> {
      Instant now = Instant.now();
      for (Deletion d : deletions) {
        h.createUpdate("INSERT INTO deleted_object (server_id, object_kind, name, path, "
            + "size_bytes, reason, planned_at) VALUES (:server, :kind, :name, :path, :size, "
            + ":reason, :at)").bind("server", serverId).bind("kind", d.objectKind())
            .bind("name", d.name()).bind("path", d.path()).bind("size", d.sizeBytes())
            .bind("reason", reason).bind("at", now).execute();
      }
      deleteIds(h, "log_file", logFileIds);
      deleteIds(h, "baseline", baselineIds);
    });
  }

  private static void deleteIds(Handle h, String table, List<Long> ids) {
    for (Long id : ids) {
      h.createUpdate("DELETE FROM " + table + " WHERE id = :id").bind("id", id).execute();
    }
  }

  /** Journaled deletions whose files are not removed yet. */
  List<Deletion> pending() {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, object_kind, name, path, size_bytes "
        + "FROM deleted_object WHERE deleted_at IS NULL ORDER BY id")
        .map(ConstructorMapper.of(Deletion.class)).list());
  }

  void done(long deletionId) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE deleted_object SET deleted_at = :at WHERE "
        + "id = :id").bind("id", deletionId).bind("at", Instant.now()).execute());
  }
}

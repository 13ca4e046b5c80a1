package io.nearline.server.pit;

import io.nearline.server.catalog.Catalog;
import io.nearline.services.pit.SnapshotState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The snapshot table. */
final class SnapshotCatalog {
  private static final String COLUMNS = "SELECT s.id, s.server_id, p.name AS server, "
      + "s.asked_for, s.target_kind, s.target_value, s.baseline_id, s.port, "
      + "s.state, s.detail, s.opened_by, s.created_at, s.expires_at, s.ended_at FROM snapshot s "
      + "JOIN protected_server p ON p.id = s.server_id ";

  record SnapshotRow(long id, int serverId, String server, String askedFor, String targetKind,
      String targetValue, long baselineId, int port, SnapshotState state,
      String detail, String openedBy, Instant createdAt, Instant expiresAt, Instant endedAt) {}

  private final Jdbi jdbi;

  SnapshotCatalog(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /** Records a new snapshot, OPENING; returns its id. */
  long insert(int serverId, String askedFor, String targetKind, String targetValue,
      long baselineId, int port, String by, Instant now, Instant expires) {
    return jdbi.withHandle(h -> h.createUpdate("""
        INSERT INTO snapshot (server_id, asked_for, target_kind, target_value, baseline_id,
          port, state, opened_by, created_at, expires_at)
        VALUES (:server, :asked, :kind, :value, :baseline, :port, 'OPENING', :by, :now,
          :expires)""").bind("server", serverId).bind("asked", askedFor).bind("kind", targetKind)
        .bind("value", targetValue).bind("baseline", baselineId)
        .bind("port", port).bind("by", by).bind("now", now).bind("expires", expires)
        .executeAndReturnGeneratedKeys("ID").mapTo(Long.class).one());
  }

  /** Moves a snapshot on; an ended one (FAILED, DROPPED) gets its end time. */
  void setState(long id, SnapshotState state, String detail) {
    boolean ends = state == SnapshotState.FAILED || state == SnapshotState.DROPPED;
    jdbi.useHandle(h -> h.createUpdate("UPDATE snapshot SET state = :state, detail = :detail"
        + (ends ? ", ended_at = :now" : "") + " WHERE id = :id").bind("id", id)
        .bind("state", state).bind("detail", detail == null ? null : clip(detail))
        .bindMap(ends ? java.util.Map.of("now", Instant.now()) : java.util.Map.of()).execute());
  }

  Optional<SnapshotRow> find(long id) {
    return jdbi.withHandle(h -> h.createQuery(COLUMNS + "WHERE s.id = :id").bind("id", id)
        .map(ConstructorMapper.of(SnapshotRow.class)).findOne());
  }

  /** Live snapshots, and those ended after {@code since}; of one server, or all (null). */
  List<SnapshotRow> recent(String server, Instant since) {
    return jdbi.withHandle(h -> h.createQuery(COLUMNS + "WHERE (CAST(:server AS VARCHAR(64)) "
        + "IS NULL OR p.name = :server) AND (s.ended_at IS NULL OR s.ended_at > :since) "
        + "ORDER BY s.id DESC").bind("server", server).bind("since", since)
        .map(ConstructorMapper.of(SnapshotRow.class)).list());
  }

  /** Snapshots not ended: OPENING and OPEN. */
  List<SnapshotRow> live() {
    return jdbi.withHandle(h -> h.createQuery(COLUMNS + "WHERE s.ended_at IS NULL")
        .map(ConstructorMapper.of(SnapshotRow.class)).list());
  }

  /** The baselines live snapshots are built on: retention keeps them. */
  List<Long> baselinesInUse() {
    return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT baseline_id FROM snapshot "
        + "WHERE ended_at IS NULL").mapTo(Long.class).list());
  }

  private static String clip(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }
}

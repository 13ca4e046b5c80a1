package io.nearline.server.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The baseline and consistency_point tables. */
public final class Baselines {
  private final Jdbi jdbi;

  public Baselines(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  public record BaselineRow(String label, String start, String end, long lineage,
      String archivePath, long archiveSize, Instant verifiedAt) {}

  /** A consistency point as stored: its position in the application's canonical text. */
  public record PointRow(String position, Instant commitTime, Instant recordedAt) {}

  public void insert(int serverId, BaselineRow b) {
    jdbi.useHandle(h -> h.createUpdate("""
        INSERT INTO baseline (server_id, label, start_pos, end_pos, lineage, archive_path,
          archive_size, verified_at)
        VALUES (:id, :label, :start, :end, :lineage, :archivePath, :archiveSize, :verifiedAt)""")
        .bind("id", serverId).bindMethods(b).execute());
  }

  public void recordPoint(int serverId, PointRow p) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO consistency_point (server_id, replayed_pos, "
        + "commit_time, recorded_at) VALUES (:id, :position, :commitTime, :recordedAt)")
        .bind("id", serverId).bindMethods(p).execute());
  }

  /** Every kept baseline of a server, newest first. */
  public List<BaselineRow> all(int serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT label, start_pos AS start, end_pos AS "
        + "\"END\", lineage, archive_path, archive_size, verified_at FROM baseline "
        + "WHERE server_id = :id ORDER BY id DESC").bind("id", serverId)
        .map(ConstructorMapper.of(BaselineRow.class)).list());
  }

  /** The latest consistency point: what a recovery restores by default. */
  public Optional<PointRow> latestPoint(int serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT replayed_pos AS position, commit_time, "
        + "recorded_at FROM consistency_point WHERE server_id = :id ORDER BY id DESC")
        .bind("id", serverId).setMaxRows(1).map(ConstructorMapper.of(PointRow.class))
        .findFirst());
  }
}

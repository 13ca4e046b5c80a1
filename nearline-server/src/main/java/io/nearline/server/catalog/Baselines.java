package io.nearline.server.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The baseline and consistency_point tables. */
public final class Baselines {
  private final Catalog catalog;

  public Baselines(Catalog catalog) {
    this.catalog = catalog;
  }

  public record BaselineRow(String label, String start, String end, long lineage,
      String archivePath, long archiveSize, Instant verifiedAt) {}

  public record ConsistencyPoint(String position, Instant commitTime, Instant recordedAt) {}

  public void insert(int serverId, BaselineRow b) throws SQLException {
    catalog.update("INSERT INTO baseline (server_id, label, start_pos, end_pos, lineage, "
        + "archive_path, archive_size, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", serverId,
        b.label(), b.start(), b.end(), b.lineage(), b.archivePath(), b.archiveSize(),
        b.verifiedAt());
  }

  public void recordPoint(int serverId, ConsistencyPoint p) throws SQLException {
    catalog.update("INSERT INTO consistency_point (server_id, replayed_pos, commit_time, "
        + "recorded_at) VALUES (?, ?, ?, ?)", serverId, p.position(), p.commitTime(),
        p.recordedAt());
  }

  /** Every kept baseline of a server, newest first. */
  public java.util.List<BaselineRow> all(int serverId) throws SQLException {
    return catalog.query(r -> new BaselineRow(r.getString("label"), r.getString("start_pos"),
        r.getString("end_pos"), r.getLong("lineage"), r.getString("archive_path"),
        r.getLong("archive_size"), io.nearline.recovery.journal.Database.instant(r,
            "verified_at")), "SELECT * FROM baseline WHERE server_id = ? ORDER BY id DESC",
        serverId);
  }

  /** The latest consistency point: what a recovery restores by default. */
  public Optional<ConsistencyPoint> latestPoint(int serverId) throws SQLException {
    try (Connection c = catalog.connect(); PreparedStatement s = c.prepareStatement(
        "SELECT replayed_pos, commit_time, recorded_at FROM consistency_point "
            + "WHERE server_id = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
      s.setInt(1, serverId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        Timestamp commit = r.getTimestamp(2);
        return Optional.of(new ConsistencyPoint(r.getString(1),
            commit == null ? null : commit.toInstant(), r.getTimestamp(3).toInstant()));
      }
    }
  }
}

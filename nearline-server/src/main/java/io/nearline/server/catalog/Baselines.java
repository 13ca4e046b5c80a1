package io.nearline.server.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The baseline and consistency_point tables. */
public final class Baselines {
  private static final String COLUMNS = "SELECT id, label, start_pos AS start, end_pos AS "
      + "\"END\", lineage, archive_path, archive_size, verified_at, ended_at, next_xid, "
      + "taken_from, archive_sha256, published_path FROM baseline ";

  private final Jdbi jdbi;

  public Baselines(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /** Where a baseline was copied from: the primary, or (a synthetic one) the surrogate. */
  public enum Origin { PRIMARY, SURROGATE }

  /**
   * A kept baseline.
   *
   * @param id 0 until it is inserted
   * @param endedAt the wall time by which its end position had been written; a time target at
   *     or after it can start from this baseline (null on baselines kept before it was noted:
   *     then {@code verifiedAt}, later still, serves)
   * @param nextXid the first transaction id it cannot hold, if known
   * @param publishedPath where it is also kept unpacked, if it is
   */
  public record BaselineRow(long id, String label, String start, String end, long lineage,
      String archivePath, long archiveSize, Instant verifiedAt, Instant endedAt, String nextXid,
      Origin takenFrom, String archiveSha256, String publishedPath) {

    /** The latest wall time its end is known to have been written by. */
    public Instant endBound() {
      return endedAt != null ? endedAt : verifiedAt;
    }
  }

  /** A consistency point as stored: its position in the application's canonical text. */
  public record PointRow(String position, Instant commitTime, Instant recordedAt) {}

  /** Records a kept baseline; returns its id. */
  public long insert(int serverId, BaselineRow b) {
    return jdbi.withHandle(h -> h.createUpdate("""
        INSERT INTO baseline (server_id, label, start_pos, end_pos, lineage, archive_path,
          archive_size, verified_at, ended_at, next_xid, taken_from, archive_sha256, published_path)
        VALUES (:id, :label, :start, :end, :lineage, :archivePath, :archiveSize, :verifiedAt,
          :endedAt, :nextXid, :takenFrom, :archiveSha256, :publishedPath)""")
        .bind("id", serverId).bind("label", b.label()).bind("start", b.start())
        .bind("end", b.end()).bind("lineage", b.lineage()).bind("archivePath", b.archivePath())
        .bind("archiveSize", b.archiveSize()).bind("verifiedAt", b.verifiedAt())
        .bind("endedAt", b.endedAt()).bind("nextXid", b.nextXid())
        .bind("takenFrom", b.takenFrom()).bind("archiveSha256", b.archiveSha256())
        .bind("publishedPath", b.publishedPath()).executeAndReturnGeneratedKeys("ID")
        .mapTo(Long.class).one());
  }

  public void recordPoint(int serverId, PointRow p) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO consistency_point (server_id, replayed_pos, "
        + "commit_time, recorded_at) VALUES (:id, :position, :commitTime, :recordedAt)")
        .bind("id", serverId).bindMethods(p).execute());
  }

  /** Every kept baseline of a server, newest first. */
  public List<BaselineRow> all(int serverId) {
    return jdbi.withHandle(h -> h.createQuery(COLUMNS + "WHERE server_id = :id ORDER BY id DESC")
        .bind("id", serverId).map(ConstructorMapper.of(BaselineRow.class)).list());
  }

  public Optional<BaselineRow> find(long id) {
    return jdbi.withHandle(h -> h.createQuery(COLUMNS + "WHERE id = :id").bind("id", id)
        .map(ConstructorMapper.of(BaselineRow.class)).findOne());
  }

  public void setPublished(long id, String path) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE baseline SET published_path = :path WHERE id = :id")
        .bind("id", id).bind("path", path).execute());
  }

  /** The latest consistency point: what a recovery restores by default. */
  public Optional<PointRow> latestPoint(int serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT replayed_pos AS position, commit_time, "
        + "recorded_at FROM consistency_point WHERE server_id = :id ORDER BY id DESC")
        .bind("id", serverId).setMaxRows(1).map(ConstructorMapper.of(PointRow.class))
        .findFirst());
  }

  /** The first consistency point whose last commit is after {@code time}, if one is recorded. */
  public Optional<PointRow> firstPointAfter(int serverId, Instant time) {
    return jdbi.withHandle(h -> h.createQuery("SELECT replayed_pos AS position, commit_time, "
        + "recorded_at FROM consistency_point WHERE server_id = :id AND commit_time > :time "
        + "ORDER BY id").bind("id", serverId).bind("time", time).setMaxRows(1)
        .map(ConstructorMapper.of(PointRow.class)).findFirst());
  }
}

package io.nearline.server.catalog;

import io.nearline.shadow.LogSegmentId;
import io.nearline.shadow.SegmentBounds;
import io.nearline.shadow.store.StoredLogFile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The log_file table, and the collected position that moves with it. */
public final class CollectedFiles {
  private final Jdbi jdbi;

  public CollectedFiles(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /** A segment in the store, to be recorded in the catalog. */
  public record StoredSegment(LogSegmentId<?> segment, SegmentBounds bounds, StoredLogFile stored) {}

  /**
   * Records stored segments, in log order, and advances the server's collected position to the
   * last of them, in one transaction: after a crash the catalog holds all of them or none.
   */
  public void commitSegments(int serverId, List<StoredSegment> segments, Instant at) {
    jdbi.useTransaction(h -> {
      long bytes = 0;
      for (StoredSegment s : segments) {
        insert(h, serverId, "SEGMENT", s.segment(), s.bounds(), s.stored(), at);
        bytes += s.stored().size();
      }
      h.createUpdate("""
          UPDATE protected_server SET last_segment = :last, last_collected_at = :at,
            segments_collected = segments_collected + :count,
            bytes_collected = bytes_collected + :bytes
          WHERE id = :id""")
          .bind("last", segments.get(segments.size() - 1).segment().fileName()).bind("at", at)
          .bind("count", segments.size()).bind("bytes", bytes).bind("id", serverId).execute();
    });
  }

  /** Records a stored companion file (timeline or backup history); positions do not move. */
  public void commitCompanion(int serverId, StoredLogFile stored, Instant at) {
    jdbi.useTransaction(h -> insert(h, serverId, "COMPANION", null, null, stored, at));
  }

  public Set<String> companionNames(int serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT file_name FROM log_file "
        + "WHERE server_id = :id AND file_kind = 'COMPANION'").bind("id", serverId)
        .mapTo(String.class).set());
  }

  /** The names of up to {@code limit} collected segments after {@code fileName}, in log order. */
  public List<String> segmentsAfter(int serverId, String fileName, int limit) {
    return jdbi.withHandle(h -> h.createQuery("""
        SELECT n.file_name FROM log_file n, log_file f
        WHERE f.server_id = :id AND f.file_name = :name AND n.server_id = f.server_id
          AND n.file_kind = 'SEGMENT' AND (n.sequence_no > f.sequence_no
            OR (n.sequence_no = f.sequence_no AND n.lineage > f.lineage))
        ORDER BY n.sequence_no, n.lineage""").bind("id", serverId).bind("name", fileName)
        .setMaxRows(limit).mapTo(String.class).list());
  }

  /** Where the newest collected segment starts in the log, if any is collected. */
  public Optional<String> newestSegmentStart(int serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT start_pos FROM log_file "
        + "WHERE server_id = :id AND file_kind = 'SEGMENT' AND start_pos IS NOT NULL "
        + "ORDER BY sequence_no DESC, lineage DESC").bind("id", serverId).setMaxRows(1)
        .mapTo(String.class).findOne());
  }

  /**
   * A file in the store as the catalog records it; sequence, lineage and positions are null for
   * companions.
   */
  public record FileRow(long id, String fileName, String fileKind, Long lineage,
      Long sequenceNo, String startPos, String endPos, long fileSize, String sha256,
      long storedSize, Instant arrivedAt) {
    public boolean isSegment() {
      return "SEGMENT".equals(fileKind);
    }
  }

  /** Every file of a server: companions first, in the order collected, then segments in log order. */
  public List<FileRow> files(int serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, file_name, file_kind, lineage, "
        + "sequence_no, start_pos, end_pos, file_size, sha256, stored_size, arrived_at "
        + "FROM log_file WHERE server_id = :id ORDER BY CASE WHEN file_kind = 'COMPANION' "
        + "THEN 0 ELSE 1 END, sequence_no, lineage, id").bind("id", serverId)
        .map(org.jdbi.v3.core.mapper.reflect.ConstructorMapper.of(FileRow.class)).list());
  }

  /** Bytes of log collected since {@code since}. */
  public long bytesSince(int serverId, Instant since) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(file_size), 0) FROM log_file "
        + "WHERE server_id = :id AND arrived_at > :since").bind("id", serverId)
        .bind("since", since).mapTo(Long.class).one());
  }

  /** The SHA-256 recorded for a collected file, if it is in the catalog. */
  public Optional<String> sha256(int serverId, String fileName) {
    return jdbi.withHandle(h -> h.createQuery("SELECT sha256 FROM log_file "
        + "WHERE server_id = :id AND file_name = :name").bind("id", serverId)
        .bind("name", fileName).mapTo(String.class).findOne());
  }

  private static void insert(Handle h, int serverId, String kind, LogSegmentId<?> segment,
      SegmentBounds bounds, StoredLogFile stored, Instant at) {
    h.createUpdate("""
        INSERT INTO log_file (server_id, file_name, file_kind, lineage, sequence_no, start_pos,
          end_pos, file_size, sha256, stored_size, arrived_at)
        VALUES (:id, :name, :kind, :lineage, :sequence, :start, :end, :size, :sha256,
          :storedSize, :at)""")
        .bind("id", serverId).bind("name", stored.fileName()).bind("kind", kind)
        .bind("lineage", segment == null ? null : segment.lineage())
        .bind("sequence", segment == null ? null : segment.sequence())
        .bind("start", bounds == null ? null : bounds.start().text())
        .bind("end", bounds == null ? null : bounds.end().text())
        .bind("size", stored.size()).bind("sha256", stored.sha256())
        .bind("storedSize", stored.storedSize()).bind("at", at).execute();
  }
}

package io.nearline.server.peer;

import io.nearline.server.catalog.Catalog;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** What the peer has not acknowledged yet, in the order it was committed here. */
final class Outbox {
  private final Jdbi jdbi;

  Outbox(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /** A log file to send: a segment or a companion (timeline or backup history). */
  record LogFile(long id, String fileName, String fileKind, long fileSize, String sha256,
      long storedSize) {
    boolean isSegment() {
      return fileKind.equals("SEGMENT");
    }
  }

  /** A baseline to send, with the archive it is kept in here. */
  record Baseline(long id, String label, String startPos, String endPos, long lineage,
      String archivePath, long archiveSize, java.time.Instant endedAt, String nextXid,
      String takenFrom) {}

  /** Objects and bytes not yet acknowledged. */
  record Backlog(long objects, long bytes) {
    static final Backlog NONE = new Backlog(0, 0);

    Backlog plus(Backlog other) {
      return new Backlog(objects + other.objects, bytes + other.bytes);
    }
  }

  List<LogFile> logFilesAfter(int serverId, long afterId, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, file_name, file_kind, file_size, "
        + "sha256, stored_size FROM log_file WHERE server_id = :server AND id > :after "
        + "ORDER BY id").bind("server", serverId).bind("after", afterId).setMaxRows(limit)
        .map(ConstructorMapper.of(LogFile.class)).list());
  }

  /** The segment committed here just before log file {@code id}, or null. */
  String segmentBefore(int serverId, long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT file_name FROM log_file "
        + "WHERE server_id = :server AND id < :id AND file_kind = 'SEGMENT' ORDER BY id DESC")
        .bind("server", serverId).bind("id", id).setMaxRows(1).mapTo(String.class)
        .findOne().orElse(null));
  }

  List<Baseline> baselinesAfter(int serverId, long afterId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, label, start_pos, end_pos, lineage, "
        + "archive_path, archive_size, ended_at, next_xid, taken_from FROM baseline WHERE server_id = :server AND id > :after "
        + "ORDER BY id").bind("server", serverId).bind("after", afterId)
        .map(ConstructorMapper.of(Baseline.class)).list());
  }

  Backlog backlog(int serverId, PeerCatalog.Ack ack) {
    return jdbi.withHandle(h -> {
      Backlog files = h.createQuery("SELECT COUNT(*) AS objects, COALESCE(SUM(stored_size), 0) "
          + "AS bytes FROM log_file WHERE server_id = :server AND id > :after")
          .bind("server", serverId).bind("after", ack.logFileId())
          .map(ConstructorMapper.of(Backlog.class)).one();
      Backlog baselines = h.createQuery("SELECT COUNT(*) AS objects, "
          + "COALESCE(SUM(archive_size), 0) AS bytes FROM baseline WHERE server_id = :server "
          + "AND id > :after").bind("server", serverId).bind("after", ack.baselineId())
          .map(ConstructorMapper.of(Backlog.class)).one();
      return files.plus(baselines);
    });
  }
}

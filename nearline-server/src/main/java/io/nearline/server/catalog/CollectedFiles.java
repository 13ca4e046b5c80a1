package io.nearline.server.catalog;

import io.nearline.shadow.LogSegmentId;
import io.nearline.shadow.SegmentBounds;
import io.nearline.shadow.store.StoredLogFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The log_file table, and the collected position that moves with it. */
public final class CollectedFiles {
  private final Catalog catalog;

  public CollectedFiles(Catalog catalog) {
    this.catalog = catalog;
  }

  /** A segment in the store, to be recorded in the catalog. */
  public record StoredSegment(LogSegmentId<?> segment, SegmentBounds bounds, StoredLogFile stored) {}

  /**
   * Records stored segments, in log order, and advances the server's collected position to the
   * last of them, in one transaction: after a crash the catalog holds all of them or none.
   */
  public void commitSegments(int serverId, List<StoredSegment> segments, Instant at)
      throws SQLException {
    catalog.inTransaction(c -> {
      long bytes = 0;
      for (StoredSegment s : segments) {
        insert(c, serverId, "SEGMENT", s.segment(), s.bounds(), s.stored(), at);
        bytes += s.stored().size();
      }
      try (PreparedStatement s = c.prepareStatement("""
          UPDATE protected_server SET last_segment = ?, last_collected_at = ?,
            segments_collected = segments_collected + ?, bytes_collected = bytes_collected + ?
          WHERE id = ?""")) {
        s.setString(1, segments.get(segments.size() - 1).segment().fileName());
        s.setTimestamp(2, Timestamp.from(at));
        s.setInt(3, segments.size());
        s.setLong(4, bytes);
        s.setInt(5, serverId);
        s.executeUpdate();
      }
      return null;
    });
  }

  /** Records a stored companion file (timeline or backup history); positions do not move. */
  public void commitCompanion(int serverId, StoredLogFile stored, Instant at)
      throws SQLException {
    catalog.inTransaction(c -> {
      insert(c, serverId, "COMPANION", null, null, stored, at);
      return null;
    });
  }

  public Set<String> companionNames(int serverId) throws SQLException {
    try (Connection c = catalog.connect(); PreparedStatement s = c.prepareStatement(
        "SELECT file_name FROM log_file WHERE server_id = ? AND file_kind = 'COMPANION'")) {
      s.setInt(1, serverId);
      Set<String> names = new HashSet<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
      return names;
    }
  }

  /** The names of up to {@code limit} collected segments after {@code fileName}, in log order. */
  public List<String> segmentsAfter(int serverId, String fileName, int limit) throws SQLException {
    try (Connection c = catalog.connect(); PreparedStatement s = c.prepareStatement("""
        SELECT n.file_name FROM log_file n, log_file f
        WHERE f.server_id = ? AND f.file_name = ? AND n.server_id = f.server_id
          AND n.file_kind = 'SEGMENT' AND (n.sequence_no > f.sequence_no
            OR (n.sequence_no = f.sequence_no AND n.lineage > f.lineage))
        ORDER BY n.sequence_no, n.lineage""" + " FETCH FIRST " + limit + " ROWS ONLY")) {
      s.setInt(1, serverId);
      s.setString(2, fileName);
      List<String> names = new java.util.ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
      return names;
    }
  }

  /** The SHA-256 recorded for a collected file, if it is in the catalog. */
  public java.util.Optional<String> sha256(int serverId, String fileName) throws SQLException {
    try (Connection c = catalog.connect(); PreparedStatement s = c.prepareStatement(
        "SELECT sha256 FROM log_file WHERE server_id = ? AND file_name = ?")) {
      s.setInt(1, serverId);
      s.setString(2, fileName);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? java.util.Optional.of(r.getString(1)) : java.util.Optional.empty();
      }
    }
  }

  private static void insert(Connection c, int serverId, String kind, LogSegmentId<?> segment,
      SegmentBounds bounds, StoredLogFile stored, Instant at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        INSERT INTO log_file (server_id, file_name, file_kind, lineage, sequence_no, start_pos,
          end_pos, file_size, sha256, stored_size, arrived_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      s.setInt(1, serverId);
      s.setString(2, stored.fileName());
      s.setString(3, kind);
      s.setObject(4, segment == null ? null : segment.lineage(), java.sql.Types.BIGINT);
      s.setObject(5, segment == null ? null : segment.sequence(), java.sql.Types.BIGINT);
      s.setString(6, bounds == null ? null : bounds.start());
      s.setString(7, bounds == null ? null : bounds.end());
      s.setLong(8, stored.size());
      s.setString(9, stored.sha256());
      s.setLong(10, stored.storedSize());
      s.setTimestamp(11, Timestamp.from(at));
      s.executeUpdate();
    }
  }
}

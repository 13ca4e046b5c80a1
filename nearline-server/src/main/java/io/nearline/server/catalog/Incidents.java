package io.nearline.server.catalog;

import io.nearline.services.Event;
import io.nearline.services.Gap;
import io.nearline.services.Quarantined;
import io.nearline.services.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Gaps, quarantined files and the event log. */
public final class Incidents {
  private final Jdbi jdbi;

  public Incidents(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /** Records a gap unless the same one is already open. Returns whether it is new. */
  public boolean openGap(int serverId, String afterFile, String beforeFile) {
    return jdbi.inTransaction(h -> {
      boolean known = openGaps(h, serverId).stream().anyMatch(g ->
          Objects.equals(g.afterFile(), afterFile) && g.beforeFile().equals(beforeFile));
      if (!known) {
        h.createUpdate("INSERT INTO gap (server_id, after_file, before_file, detected_at) "
            + "VALUES (:id, :after, :before, :at)").bind("id", serverId)
            .bind("after", afterFile).bind("before", beforeFile).bind("at", Instant.now())
            .execute();
      }
      return !known;
    });
  }

  /** Closes every open gap: called once collection has moved past them. */
  public void resolveGaps(int serverId) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE gap SET resolved_at = :at "
        + "WHERE server_id = :id AND resolved_at IS NULL").bind("at", Instant.now())
        .bind("id", serverId).execute());
  }

  public List<Gap> openGaps(int serverId) {
    return jdbi.withHandle(h -> openGaps(h, serverId));
  }

  private static List<Gap> openGaps(Handle h, int serverId) {
    return h.createQuery("SELECT after_file, before_file, detected_at FROM gap "
        + "WHERE server_id = :id AND resolved_at IS NULL ORDER BY id").bind("id", serverId)
        .map(ConstructorMapper.of(Gap.class)).list();
  }

  /** Records a quarantined file unless the same bytes are already quarantined. */
  public boolean quarantine(int serverId, Quarantined q) {
    return jdbi.inTransaction(h -> {
      boolean known = openQuarantine(h, serverId).stream()
          .anyMatch(o -> o.fileName().equals(q.fileName()) && o.sha256().equals(q.sha256()));
      if (!known) {
        h.createUpdate("""
            INSERT INTO quarantined_file (server_id, file_name, file_size, sha256, reason,
              evidence_path, quarantined_at)
            VALUES (:id, :name, :size, :sha256, :reason, :evidence, :at)""")
            .bind("id", serverId).bind("name", q.fileName()).bind("size", q.size())
            .bind("sha256", q.sha256()).bind("reason", truncate(q.reason(), 2000))
            .bind("evidence", q.evidencePath()).bind("at", q.quarantinedAt()).execute();
      }
      return !known;
    });
  }

  /** Marks a file's quarantine resolved: a good copy of it has since been collected. */
  public void resolveQuarantine(int serverId, String fileName) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE quarantined_file SET resolved_at = :at "
        + "WHERE server_id = :id AND file_name = :name AND resolved_at IS NULL")
        .bind("at", Instant.now()).bind("id", serverId).bind("name", fileName).execute());
  }

  public List<Quarantined> openQuarantine(int serverId) {
    return jdbi.withHandle(h -> openQuarantine(h, serverId));
  }

  private static List<Quarantined> openQuarantine(Handle h, int serverId) {
    return h.createQuery("SELECT file_name, file_size AS size, sha256, reason, evidence_path, "
        + "quarantined_at FROM quarantined_file WHERE server_id = :id AND resolved_at IS NULL "
        + "ORDER BY id").bind("id", serverId).map(ConstructorMapper.of(Quarantined.class))
        .list();
  }

  public void event(String serverName, Severity severity, String message) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO event (server_name, occurred_at, severity, "
        + "message) VALUES (:server, :at, :severity, :message)").bind("server", serverName)
        .bind("at", Instant.now()).bind("severity", severity.name())
        .bind("message", truncate(message, 4000)).execute());
  }

  public List<Event> recentEvents(String serverName, int limit) {
    // By position: AT is a reserved word in Derby, so no column can be named for Event.at.
    return jdbi.withHandle(h -> h.createQuery("SELECT server_name, occurred_at, severity, "
        + "message FROM event WHERE server_name = :server ORDER BY id DESC")
        .bind("server", serverName).setMaxRows(limit).map((rs, ctx) -> new Event(
            rs.getString(1), rs.getTimestamp(2).toInstant(), Severity.valueOf(rs.getString(3)),
            rs.getString(4))).list());
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}

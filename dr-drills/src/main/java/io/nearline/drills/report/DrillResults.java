package io.nearline.drills.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The catalog's record of ended drills: figures, and where each report is with its SHA-256. */
public final class DrillResults {
  /** The drills' tables: {@code db/drills}. */
  public static final String SCHEMA = "drills";

  /** One ended drill as recorded. */
  public record Row(long runId, String policy, String target, String triggerText,
      String outcome, long startedAt, long endedAt, String point, Long pointCommitAt,
      Long rtoMs, Long rpoMs, String reportFile, String reportSha256, String previousSha256) {
  }

  private static final RowMapper<Row> ROW = ConstructorMapper.of(Row.class);

  private final Jdbi jdbi;

  public DrillResults(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(Row row) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO drill_result (run_id, policy, target, "
        + "trigger_text, outcome, started_at, ended_at, point, point_commit_at, rto_ms, rpo_ms, "
        + "report_file, report_sha256, previous_sha256) VALUES (:runId, :policy, :target, "
        + ":triggerText, :outcome, :startedAt, :endedAt, :point, :pointCommitAt, :rtoMs, "
        + ":rpoMs, :reportFile, :reportSha256, :previousSha256)").bindMethods(row).execute());
  }

  public Optional<Row> find(long runId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM drill_result WHERE run_id = :id")
        .bind("id", runId).map(ROW).findOne());
  }

  /** When the policy last passed a drill. */
  public Optional<java.time.Instant> lastPassed(String policy) {
    return jdbi.withHandle(h -> h.createQuery("SELECT MAX(ended_at) FROM drill_result WHERE "
        + "policy = :policy AND outcome = 'passed'").bind("policy", policy).mapTo(Long.class)
        .findOne()).map(java.time.Instant::ofEpochMilli);
  }

  /** The SHA-256 of the policy's newest report, which the next one names. */
  public Optional<String> lastSha256(String policy) {
    return jdbi.withHandle(h -> h.createQuery("SELECT report_sha256 FROM drill_result WHERE "
        + "policy = :policy ORDER BY run_id DESC FETCH FIRST 1 ROWS ONLY").bind("policy", policy)
        .mapTo(String.class).findOne());
  }

  /** A policy's drills in the order they ended their chain: oldest first. */
  public List<Row> chain(String policy) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM drill_result WHERE policy = "
        + ":policy ORDER BY run_id").bind("policy", policy).map(ROW).list());
  }

  /** The newest drills, of one policy or (null) of all. */
  public List<Row> newest(String policy, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM drill_result WHERE "
        + "CAST(:policy AS VARCHAR(128)) IS NULL OR policy = :policy ORDER BY run_id DESC "
        + "FETCH FIRST " + limit + " ROWS ONLY")
        .bind("policy", policy).map(ROW).list());
  }
}

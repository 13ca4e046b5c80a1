package io.nearline.recovery.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of recovery runs in the catalog. Every write is committed before the
 * executor moves on, so after a crash the journal tells exactly where a run stood.
 */
public final class Journal {
  private final Database db;

  public Journal(Database db) {
    this.db = db;
  }

  /** A step of a new run: which pair it acts on and what it is. */
  public record PlannedStep(String pair, String step) {
  }

  /** Creates a run and its steps in one transaction. */
  public long createRun(String policy, String kind, RunState state, String plan,
      List<PlannedStep> steps) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      long id;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO recovery_run (policy, kind, "
          + "state, plan, started_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        s.setString(1, policy);
        s.setString(2, kind);
        s.setString(3, state.name());
        s.setString(4, plan);
        s.setTimestamp(5, java.sql.Timestamp.from(Instant.now()));
        s.executeUpdate();
        try (ResultSet keys = s.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO run_step (run_id, seq, pair, "
          + "step, state) VALUES (?, ?, ?, ?, 'PENDING')")) {
        for (int i = 0; i < steps.size(); i++) {
          s.setLong(1, id);
          s.setInt(2, i);
          s.setString(3, steps.get(i).pair());
          s.setString(4, steps.get(i).step());
          s.addBatch();
        }
        s.executeBatch();
      }
      c.commit();
      return id;
    }
  }

  public void started(long run, int seq, String inputs) throws SQLException {
    db.update("UPDATE run_step SET state = 'STARTED', attempts = attempts + 1, inputs = ?, "
        + "error = NULL, started_at = ?, finished_at = NULL WHERE run_id = ? AND seq = ?",
        inputs, Instant.now(), run, seq);
  }

  public void record(long run, int seq, Change change) throws SQLException {
    db.update("INSERT INTO run_change (run_id, seq, kind, target, before_value, after_value, "
        + "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)", run, seq, change.kind(), change.target(),
        change.before(), change.after(), Instant.now());
  }

  public void finished(long run, int seq, StepState state, String outcome) throws SQLException {
    db.update("UPDATE run_step SET state = ?, outcome = ?, finished_at = ? WHERE run_id = ? "
        + "AND seq = ?", state.name(), outcome, Instant.now(), run, seq);
  }

  public void failed(long run, int seq, String error) throws SQLException {
    db.update("UPDATE run_step SET state = 'FAILED', error = ?, finished_at = ? WHERE "
        + "run_id = ? AND seq = ?", error, Instant.now(), run, seq);
  }

  public void skipped(long run, int seq, String reason) throws SQLException {
    db.update("UPDATE run_step SET state = 'SKIPPED', skip_reason = ?, finished_at = ? WHERE "
        + "run_id = ? AND seq = ?", reason, Instant.now(), run, seq);
  }

  public void reset(long run, int seq) throws SQLException {
    db.update("UPDATE run_step SET state = 'PENDING' WHERE run_id = ? AND seq = ?", run, seq);
  }

  public void runState(long run, RunState state, String report) throws SQLException {
    boolean over = state != RunState.RUNNING && state != RunState.FAILED;
    db.update("UPDATE recovery_run SET state = ?, report = COALESCE(?, report), finished_at = ?"
        + " WHERE id = ?", state.name(), report, over ? Instant.now() : null, run);
  }

  public Optional<RunRecord> run(long id) throws SQLException {
    List<RunRecord> runs = db.query(r -> new RunRecord(r.getLong("id"), r.getString("policy"),
        r.getString("kind"), RunState.valueOf(r.getString("state")), r.getString("plan"),
        Database.instant(r, "started_at"), Database.instant(r, "finished_at"),
        r.getString("report"), steps(id)), "SELECT * FROM recovery_run WHERE id = ?", id);
    return runs.stream().findFirst();
  }

  /** Runs newest first, without their steps. */
  public List<RunRecord> runs(int limit) throws SQLException {
    return db.query(r -> new RunRecord(r.getLong("id"), r.getString("policy"),
        r.getString("kind"), RunState.valueOf(r.getString("state")), null,
        Database.instant(r, "started_at"), Database.instant(r, "finished_at"),
        r.getString("report"), List.of()),
        "SELECT * FROM recovery_run ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY");
  }

  public List<Long> runsIn(RunState state) throws SQLException {
    return db.query(r -> r.getLong(1), "SELECT id FROM recovery_run WHERE state = ? ORDER BY id",
        state.name());
  }

  private List<StepRecord> steps(long run) throws SQLException {
    return db.query(r -> new StepRecord(r.getInt("seq"), r.getString("pair"),
        r.getString("step"), StepState.valueOf(r.getString("state")), r.getInt("attempts"),
        r.getString("inputs"), r.getString("outcome"), r.getString("error"),
        r.getString("skip_reason"), Database.instant(r, "started_at"),
        Database.instant(r, "finished_at"), changes(run, r.getInt("seq"))),
        "SELECT * FROM run_step WHERE run_id = ? ORDER BY seq", run);
  }

  public List<Change> changes(long run, int seq) throws SQLException {
    return db.query(r -> new Change(r.getString("kind"), r.getString("target"),
        r.getString("before_value"), r.getString("after_value")),
        "SELECT * FROM run_change WHERE run_id = ? AND seq = ? ORDER BY id", run, seq);
  }
}

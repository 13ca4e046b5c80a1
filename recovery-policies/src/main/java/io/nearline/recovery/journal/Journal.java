package io.nearline.recovery.journal;

import io.nearline.recovery.RunKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/**
 * The durable record of recovery runs in the catalog. Every write is committed before the
 * executor moves on, so after a crash the journal tells exactly where a run stood.
 */
public final class Journal {
  /** Where this module's catalog migrations are: {@code db/recovery}. */
  public static final String SCHEMA = "recovery";

  private final Jdbi jdbi;

  public Journal(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A step of a new run: which pair it acts on and what it is. */
  public record PlannedStep(String pair, String step) {
  }

  /** Creates a run and its steps in one transaction: all of them, or none if any fails. */
  public long createRun(String policy, RunKind kind, RunState state, String plan,
      List<PlannedStep> steps) {
    return jdbi.inTransaction(h -> {
      long id = h.createUpdate("INSERT INTO recovery_run (policy, kind, state, plan, started_at)"
          + " VALUES (:policy, :kind, :state, :plan, :at)").bind("policy", policy)
          .bind("kind", kind.id()).bind("state", state.name()).bind("plan", plan)
          .bind("at", Instant.now()).executeAndReturnGeneratedKeys().mapTo(Long.class).one();
      PreparedBatch batch = h.prepareBatch("INSERT INTO run_step (run_id, seq, pair, step, "
          + "state) VALUES (:run, :seq, :pair, :step, 'PENDING')");
      for (int i = 0; i < steps.size(); i++) {
        batch.bind("run", id).bind("seq", i).bind("pair", steps.get(i).pair())
            .bind("step", steps.get(i).step()).add();
      }
      batch.execute();
      return id;
    });
  }

  public void started(long run, int seq, String inputs) {
    jdbi.useHandle(h -> step(h, "state = 'STARTED', attempts = attempts + 1, inputs = :inputs, "
        + "error = NULL, started_at = :at, finished_at = NULL", run, seq)
        .bind("inputs", inputs).bind("at", Instant.now()).execute());
  }

  public void record(long run, int seq, Change change) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO run_change (run_id, seq, kind, target, "
        + "before_value, after_value, recorded_at) VALUES (:run, :seq, :kind, :target, :before, "
        + ":after, :at)").bind("run", run).bind("seq", seq).bindMethods(change)
        .bind("at", Instant.now()).execute());
  }

  public void finished(long run, int seq, StepState state, String outcome) {
    jdbi.useHandle(h -> step(h, "state = :state, outcome = :outcome, finished_at = :at", run, seq)
        .bind("state", state.name()).bind("outcome", outcome).bind("at", Instant.now())
        .execute());
  }

  public void failed(long run, int seq, String error) {
    jdbi.useHandle(h -> step(h, "state = 'FAILED', error = :error, finished_at = :at", run, seq)
        .bind("error", error).bind("at", Instant.now()).execute());
  }

  public void skipped(long run, int seq, String reason) {
    jdbi.useHandle(h -> step(h, "state = 'SKIPPED', skip_reason = :reason, finished_at = :at",
        run, seq).bind("reason", reason).bind("at", Instant.now()).execute());
  }

  public void reset(long run, int seq) {
    jdbi.useHandle(h -> step(h, "state = 'PENDING'", run, seq).execute());
  }

  /** An update of one step's row: {@code assignments} still to be bound. */
  private static Update step(Handle h, String assignments, long run, int seq) {
    return h.createUpdate("UPDATE run_step SET " + assignments + " WHERE run_id = :run "
        + "AND seq = :seq").bind("run", run).bind("seq", seq);
  }

  public void runState(long run, RunState state, String report) {
    boolean over = state != RunState.RUNNING && state != RunState.FAILED;
    jdbi.useHandle(h -> h.createUpdate("UPDATE recovery_run SET state = :state, "
        + "report = COALESCE(:report, report), finished_at = :at WHERE id = :run")
        .bind("state", state.name()).bind("report", report)
        .bind("at", over ? Instant.now() : null).bind("run", run).execute());
  }

  public Optional<RunRecord> run(long id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM recovery_run WHERE id = :id")
        .bind("id", id).map((r, ctx) -> run(r, r.getString("plan"), steps(h, id))).findOne());
  }

  /** Runs newest first, without their steps. */
  public List<RunRecord> runs(int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM recovery_run ORDER BY id DESC")
        .setMaxRows(limit).map((r, ctx) -> run(r, null, List.of())).list());
  }

  public List<Long> runsIn(RunState state) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id FROM recovery_run WHERE state = :state "
        + "ORDER BY id").bind("state", state.name()).mapTo(Long.class).list());
  }

  private static RunRecord run(ResultSet r, String plan, List<StepRecord> steps)
      throws SQLException {
    return new RunRecord(r.getLong("id"), r.getString("policy"), RunKind.of(r.getString("kind")),
        RunState.valueOf(r.getString("state")), plan, instant(r, "started_at"),
        instant(r, "finished_at"), r.getString("report"), steps);
  }

  private static List<StepRecord> steps(Handle h, long run) {
    return h.createQuery("SELECT * FROM run_step WHERE run_id = :run ORDER BY seq")
        .bind("run", run).map((r, ctx) -> new StepRecord(r.getInt("seq"), r.getString("pair"),
            r.getString("step"), StepState.valueOf(r.getString("state")), r.getInt("attempts"),
            r.getString("inputs"), r.getString("outcome"), r.getString("error"),
            r.getString("skip_reason"), instant(r, "started_at"), instant(r, "finished_at"),
            changes(h, run, r.getInt("seq")))).list();
  }

  private static List<Change> changes(Handle h, long run, int seq) {
    return h.createQuery("SELECT kind, target, before_value, after_value FROM run_change "
        + "WHERE run_id = :run AND seq = :seq ORDER BY id").bind("run", run).bind("seq", seq)
        .map((r, ctx) -> new Change(r.getString(1), r.getString(2), r.getString(3),
            r.getString(4))).list();
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    Timestamp t = r.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}

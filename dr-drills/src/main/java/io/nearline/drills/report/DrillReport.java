package io.nearline.drills.report;

import io.nearline.drills.steps.ProbeOutcome;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an auditor gets for one drill: what was tested, when, by whom or which schedule,
 * against which recovery point, each step and probe with its evidence, the measured figures
 * against the policy's targets, the outcome and every deviation. Kept as JSON; its SHA-256 is
 * recorded, and the next report of the policy names it in {@link #previousSha256}.
 *
 * <p>A migration rehearsal's report has the same form: its {@link #kind} says so, and {@link
 * #measured} holds what it measured for the cutover (copy time, expected write downtime…).
 */
public record DrillReport(long drill, String policy, List<String> servers, String target,
    String trigger, String outcome, Instant startedAt, Instant endedAt, String point,
    Instant pointCommitAt, Figures figures, List<String> deviations, List<Step> steps,
    List<ProbeOutcome> probes, String previousSha256, String kind,
    Map<String, String> measured) {

  public static final String DRILL = "drill";
  public static final String REHEARSAL = "migration rehearsal";

  public DrillReport {
    // Reports kept before rehearsals had their own kind are drills.
    kind = kind == null ? DRILL : kind;
    measured = measured == null ? Map.of() : Collections.unmodifiableMap(
        new LinkedHashMap<>(measured));
  }

  /** The same report, of another kind, with these measurements. */
  public DrillReport as(String kind, Map<String, String> measured) {
    return new DrillReport(drill, policy, servers, target, trigger, outcome, startedAt, endedAt,
        point, pointCommitAt, figures, deviations, steps, probes, previousSha256, kind,
        measured);
  }

  /** Measured against the policy's targets; null where there is nothing to measure or set. */
  public record Figures(Double rtoSeconds, Integer rtoTargetSeconds, Double rpoSeconds,
      Integer rpoTargetSeconds) {
  }

  /** One journaled step. */
  public record Step(String pair, String step, String state, Instant startedAt,
      Instant finishedAt, Double seconds, String summary, String error, String skipReason) {
  }

  public boolean passed() {
    return Outcome.PASSED.equals(outcome);
  }

  /** How a drill can end. */
  public static final class Outcome {
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String PRE_EMPTED = "pre-empted";
    public static final String INTERRUPTED = "interrupted";
    public static final String RUNNING = "running";

    private Outcome() {
    }
  }
}

package io.nearline.drills.report;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nearline.common.json.Json;
import io.nearline.drills.report.DrillReport.Figures;
import io.nearline.drills.report.DrillReport.Outcome;
import io.nearline.drills.report.DrillReport.Step;
import io.nearline.drills.steps.ProbeOutcome;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.journal.StepRecord;
import io.nearline.recovery.run.RecoveryExecutor;
import io.nearline.recovery.spi.RunPlan;
import io.nearline.recovery.spi.StepOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads an ended drill run from its journal and judges it against its policy. */
public final class Judge {
  private Judge() {
  }

  /** The report of an ended drill run, chained to {@code previousSha256} (null for the first). */
  public static DrillReport report(RunRecord run, String previousSha256) {
    RunPlan plan = RecoveryExecutor.plan(run);
    RecoveryPolicy policy = plan.policy();
    Map<String, String> facts = new HashMap<>();
    List<Step> steps = new ArrayList<>();
    List<ProbeOutcome> probes = new ArrayList<>();
    for (StepRecord s : run.steps()) {
      StepOutcome outcome = s.outcome() == null ? null
          : Json.read(s.outcome(), StepOutcome.class);
      if (outcome != null) {
        facts.putAll(outcome.facts());
        probes.addAll(probes(outcome.facts().get("probes")));
      }
      steps.add(new Step(s.pair(), s.step(), s.state().name().toLowerCase(), s.startedAt(),
          s.finishedAt(), s.startedAt() == null || s.finishedAt() == null ? null
          : Duration.between(s.startedAt(), s.finishedAt()).toMillis() / 1000.0,
          outcome == null ? null : outcome.summary(), s.error(), s.skipReason()));
    }
    Figures figures = new Figures(number(facts.get("rtoSeconds")), policy.rtoTargetSeconds(),
        number(facts.get("rpoSeconds")), policy.rpoTargetSeconds());
    List<String> deviations = deviations(run, steps, probes, figures);
    String outcome = outcome(run, deviations);
    return new DrillReport(run.id(), policy.name(), plan.pairs().stream()
        .map(p -> p.primary() + " -> " + p.standby().name()).toList(),
        plan.drill().target().id(), plan.drill().trigger(), outcome, run.startedAt(),
        run.finishedAt() == null ? Instant.now() : run.finishedAt(), facts.get("pointPosition"),
        instant(facts.get("pointCommitAt")), figures, deviations, steps, probes,
        previousSha256, DrillReport.DRILL, Map.of());
  }

  private static String outcome(RunRecord run, List<String> deviations) {
    String stopped = stoppedBecause(run);
    if (stopped != null && stopped.startsWith("pre-empted")) {
      return Outcome.PRE_EMPTED;
    }
    if (stopped != null && stopped.startsWith("interrupted")) {
      return Outcome.INTERRUPTED;
    }
    return deviations.isEmpty() ? Outcome.PASSED : Outcome.FAILED;
  }

  private static List<String> deviations(RunRecord run, List<Step> steps,
      List<ProbeOutcome> probes, Figures f) {
    List<String> out = new ArrayList<>();
    for (Step s : steps) {
      if (s.error() != null && !s.state().equals("pending")) {
        out.add(s.error());
      }
      if (s.step().equals(StepKind.DRILL_CLEAN_UP.id()) && s.state().equals("skipped")) {
        out.add("the clean-up was skipped (" + s.skipReason() + "): check by hand that the "
            + "sandbox and the standby are as they were");
      }
    }
    if (run.state() == RunState.ROLLED_BACK) {
      out.add("the drill was rolled back");
    } else if (run.state() == RunState.STOPPED && out.isEmpty()) {
      out.add("stopped: " + stoppedBecause(run));
    }
    for (ProbeOutcome p : probes) {
      if (!p.passed()) {
        out.add("probe " + p.name() + " failed: " + p.summary());
      }
    }
    if (run.state() == RunState.SUCCEEDED) {
      if (f.rtoSeconds() == null) {
        out.add("no RTO was measured");
      } else if (f.rtoTargetSeconds() != null && f.rtoSeconds() > f.rtoTargetSeconds()) {
        out.add("RTO " + f.rtoSeconds() + " s is over the target of " + f.rtoTargetSeconds()
            + " s");
      }
      if (f.rpoSeconds() != null && f.rpoTargetSeconds() != null
          && f.rpoSeconds() > f.rpoTargetSeconds()) {
        out.add("RPO " + f.rpoSeconds() + " s is over the target of " + f.rpoTargetSeconds()
            + " s");
      }
    }
    return out;
  }

  private static String stoppedBecause(RunRecord run) {
    if (run.state() != RunState.STOPPED || run.report() == null) {
      return null;
    }
    return Json.read(run.report(), Stopped.class).stoppedBecause();
  }

  private record Stopped(String stoppedBecause) {
  }

  private static List<ProbeOutcome> probes(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return Json.MAPPER.readValue(json, new TypeReference<List<ProbeOutcome>>() { });
    } catch (IOException e) {
      throw new UncheckedIOException("a drill step reported unreadable probe results", e);
    }
  }

  private static Double number(String value) {
    return value == null || value.isEmpty() ? null : Double.valueOf(value);
  }

  private static Instant instant(String value) {
    return value == null || value.isEmpty() ? null : Instant.parse(value);
  }

}

package io.nearline.recovery.steps;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.util.List;

/**
 * Failback, last: protects the primary again. Its log has a new history (PostgreSQL: a new
 * timeline) its old surrogate cannot follow, so a new baseline is taken and collection
 * restarts at it; the log and baselines from
 * before stay in the store. The seeding runs in the background (the server's status shows it),
 * so a large database does not hold the run.
 */
public final class ResumeProtection implements RecoveryStep {
  private final RecoveryEnvironment environment;

  public ResumeProtection(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return StepKind.RESUME_PROTECTION;
  }

  @Override
  public List<Change> plan(StepContext context) {
    return List.of(new Change(CleanUp.KIND, context.pair().primary(), "paused",
        "collecting from a new baseline of its new history, with a new surrogate"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    context.record(plan(context).get(0));
    environment.rebaseline(context.pair().primary(), "failback run " + context.run());
    return StepOutcome.of("taking a new baseline of " + context.pair().primary()
        + "; collection restarts at it and a new surrogate follows (see its status)");
  }

  @Override
  public void undo(StepContext context, List<Change> changes) {
    // A new baseline takes nothing away: the log and baselines from before are all kept.
  }
}

package io.nearline.recovery.steps;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.util.List;

/**
 * Pauses collection from the failed primary, so its absence is not reported as an outage every
 * few seconds while the standby serves; failback resumes it.
 */
public final class CleanUp implements RecoveryStep {
  static final String KIND = "collection";

  private final RecoveryEnvironment environment;

  public CleanUp(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return StepKind.CLEAN_UP;
  }

  @Override
  public List<Change> plan(StepContext context) {
    return List.of(new Change(KIND, context.pair().primary(), "collecting", "paused"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    context.record(plan(context).get(0));
    environment.pauseCollection(context.pair().primary(), true);
    return StepOutcome.of("collection from " + context.pair().primary() + " paused");
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    if (!changes.isEmpty()) {
      environment.pauseCollection(context.pair().primary(), false);
    }
  }
}

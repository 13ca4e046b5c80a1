package io.nearline.drills.steps;

import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepProvider;
import java.util.List;

/** The drills' steps, offered to every application's runs. */
public final class DrillSteps implements StepProvider {
  @Override
  public List<RecoveryStep> steps(RecoveryEnvironment environment) {
    return List.of(new ProbeReferenceStep(), new ProbeStep());
  }
}

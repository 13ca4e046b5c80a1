package io.nearline.recovery.run;

import io.nearline.recovery.CheckReport;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.spi.RecoveryConnector;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import java.util.List;
import java.util.Map;

/** An application whose recovery is the executor test's {@link FileStep}s, run as listed. */
final class FileRecovery implements RecoveryConnector {
  static final String KIND = "files";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<RecoveryStep> steps(RecoveryEnvironment environment) {
    throw new UnsupportedOperationException("the test hands the executor its steps");
  }

  @Override
  public List<StepKind> defaultFailover() {
    return List.of();
  }

  @Override
  public List<StepKind> stepsOf(RunKind kind, RecoveryPolicy policy) {
    return policy.steps();
  }

  /** A drill restores and verifies, then cleans up. */
  @Override
  public List<StepKind> drillSteps(DrillTarget target) {
    return List.of(StepKind.of("restore-data"), StepKind.of("verify"), StepKind.DRILL_CLEAN_UP);
  }

  @Override
  public void checkPolicy(RecoveryPolicy policy) {
  }

  @Override
  public Standby checkSettings(Standby standby) {
    return standby;
  }

  @Override
  public CheckReport checkStandby(RecoveryPair pair, RecoveryEnvironment environment) {
    throw new UnsupportedOperationException("files have no standby to check");
  }

  @Override
  public Map<String, String> clientEndpoint(Standby server) {
    return Map.of();
  }
}

package io.nearline.recovery.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nearline.recovery.AccessKind;
import io.nearline.recovery.InvalidPolicyException;
import io.nearline.recovery.PointKind;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.TestEnvironment;
import io.nearline.recovery.spi.RecoveryConnector;
import io.nearline.recovery.spi.RecoveryConnectorContract;
import io.nearline.recovery.spi.RecoveryEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL's recovery against the contract, and the policy rules that are its own. */
class PostgresRecoveryContractTest extends RecoveryConnectorContract {
  @Override
  protected RecoveryConnector connector() {
    return new PostgresRecovery();
  }

  @Override
  protected RecoveryEnvironment environment() {
    return TestEnvironment.withSurrogate(1, "0/3000060", Instant.now());
  }

  @Override
  protected Standby standby() {
    return new Standby("dr", AccessKind.LOCAL, null, 22, null, null, "postgres", "dr", false,
        "http://127.0.0.1:7480", Map.of("pgBin", "/usr/lib/postgresql/15/bin",
        "dataDirectory", "/srv/dr", "pgPort", 5433));
  }

  private String refusal(RecoveryPolicy policy) {
    return assertThrows(InvalidPolicyException.class, () -> connector().checkPolicy(policy))
        .getMessage();
  }

  @Test
  void shouldRefuseAFailbackStepInAFailoverPolicy() {
    List<StepKind> steps = new ArrayList<>(connector().defaultFailover());
    steps.add(PostgresSteps.SWITCH_OVER);
    assertEquals("policy p: switch-over is a failback step; a failback runs it by itself",
        refusal(usualPolicy().withSteps(steps)));
  }

  @Test
  void shouldRefuseInstantForAPointOtherThanLatest() {
    RecoveryPolicy p = usualPolicy();
    RecoveryPolicy toAnLsn = new RecoveryPolicy(p.name(), p.pairs(),
        new RecoveryPoint(PointKind.POSITION, "0/3000060"), p.steps(), p.directory(), null,
        List.of(), true, null, null, null);
    assertEquals("policy p: instant serves the latest point; a policy recovering to lsn "
        + "0/3000060 cannot use it", refusal(toAnLsn));
  }

  @Test
  void shouldRefuseAPositionThatIsNotAnLsn() {
    RecoveryPolicy p = usualPolicy();
    RecoveryPolicy yesterday = new RecoveryPolicy(p.name(), p.pairs(),
        new RecoveryPoint(PointKind.POSITION, "yesterday"), p.steps(), p.directory(), null,
        List.of(), false, null, null, null);
    assertEquals("policy p: recovery point lsn must look like 0/3000060, not yesterday",
        refusal(yesterday));
  }

  @Test
  void shouldRefusePromotionBeforeTheRestore() {
    assertEquals("policy p: promote must come after restore-data", refusal(usualPolicy()
        .withSteps(List.of(PostgresSteps.PROMOTE, PostgresSteps.RESTORE_DATA))));
  }
}

package io.nearline.recovery.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import java.util.List;

/**
 * What a run executes, copied into the journal when it starts so that a resumed run follows the
 * plan it started with even if the policy was edited since.
 *
 * @param kind {@code failover}, {@code failback} or {@code dry-run}
 * @param policy the policy as it was
 * @param pairs its pairs, in priority order
 * @param reverses for a failback, the failover run whose changes it reverses
 */
public record RunPlan(String kind, RecoveryPolicy policy, List<RecoveryPair> pairs,
    Long reverses) {

  /** A failback, or a dry run of one. */
  @JsonIgnore
  public boolean isFailback() {
    return reverses != null;
  }

  /**
   * The steps run for each pair: the fixed failback steps; for a failover the policy's,
   * after instant-serve when the policy is instant.
   */
  public List<StepKind> steps() {
    if (isFailback()) {
      return StepKind.FAILBACK;
    }
    if (!isInstant()) {
      return policy.steps();
    }
    List<StepKind> steps = new java.util.ArrayList<>(List.of(StepKind.INSTANT_SERVE));
    steps.addAll(policy.steps());
    return steps;
  }

  /** A failover serving clients from the near-line while the standby is prepared. */
  @JsonIgnore
  public boolean isInstant() {
    return !isFailback() && policy.instant();
  }

  /** The server this run makes the one clients use: the standby, or on failback the primary. */
  public Standby target(RecoveryPair pair) {
    if (!isFailback()) {
      return pair.standby();
    }
    if (pair.primaryHost() == null) {
      throw new IllegalStateException("pair " + pair.name() + " has no primaryHost: tell "
          + "Nearline how to reach " + pair.primary() + "'s host before failing back");
    }
    return pair.primaryHost();
  }
}

package io.nearline.recovery.run;

import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
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
}

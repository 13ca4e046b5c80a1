package io.nearline.drills.probe;

import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.drill.DrillServer;
import java.time.Duration;

/**
 * What a probe checks against.
 *
 * @param server the service the drill brought up
 * @param reference what the probe read from the surrogate at the drill's point; null if none
 * @param timeout how long it may take
 * @param policy the policy drilled (its directory, its drill subtree)
 * @param drill the drill's id, for names of things the probe makes and removes
 */
public record ProbeRun(DrillServer server, String reference, Duration timeout,
    RecoveryPolicy policy, long drill) {
}

package io.nearline.services;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import java.time.Instant;

/**
 * When a policy is drilled without anyone asking.
 *
 * @param nextRunAt when it fires next (answers only)
 * @param previousRunAt when it last fired (answers only)
 */
public record DrillSchedule(
    @Describe("The policy drilled (answers only; the path names it)") String policy,
    @Describe("A cron expression: Quartz's six or seven fields (0 0 2 * * ?), or the usual "
        + "five (0 2 * * *)") @Check.Required String cron,
    @Describe("The time zone the expression is read in, such as Europe/Berlin; UTC unless "
        + "given") String zone,
    @Describe("sandbox (the default) or standby") String target,
    @Describe("When Nearline was down at the time: run-once (the default: run it once, as soon "
        + "as it can, and alert that it was missed) or skip (alert, and wait for the next)")
    String misfire,
    Instant nextRunAt, Instant previousRunAt) {
}

package io.nearline.recovery.drill;

/**
 * What a drill run carries in its plan besides the policy.
 *
 * @param target where the service is brought up
 * @param trigger who or what started it: {@code on demand by alice}, {@code schedule nightly}
 */
public record DrillSpec(DrillTarget target, String trigger) {
}

package io.nearline.drills.steps;

/**
 * One probe's result as a drill keeps it.
 *
 * @param name the probe's name in the policy
 * @param kind its kind
 * @param passed whether the service passed it
 * @param summary one line
 * @param evidence what it saw
 * @param seconds how long it took
 */
public record ProbeOutcome(String name, String kind, boolean passed, String summary,
    String evidence, double seconds) {
}

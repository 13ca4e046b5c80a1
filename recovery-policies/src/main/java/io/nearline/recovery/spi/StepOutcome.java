package io.nearline.recovery.spi;

import java.util.Map;

/**
 * What a step achieved: one line for people, and named measurements (RTO, RPO, counts) that the
 * run's report collects.
 */
public record StepOutcome(String summary, Map<String, String> facts) {
  public StepOutcome {
    facts = Map.copyOf(facts);
  }

  public static StepOutcome of(String summary) {
    return new StepOutcome(summary, Map.of());
  }
}

package io.nearline.drills.alert;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.recovery.RecoveryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which policies have gone without a passed drill for longer than their maximum interval. A
 * policy is watched once it is drilled on a schedule or has passed a drill; the interval counts
 * from its last passed drill, else from when its schedule was made. Each overdue policy is
 * alerted at most once a day; {@code nearline_drill_since_passed_seconds{policy}} shows the age.
 */
public final class OverdueWatch {
  private static final Duration REPEAT = Duration.ofDays(1);

  private final Supplier<List<RecoveryPolicy>> policies;
  private final Function<String, Optional<Instant>> lastPassed;
  private final Function<String, Optional<Instant>> scheduledSince;
  private final MeterRegistry registry;
  private final Map<String, Instant> alerted = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Double>> ages = new ConcurrentHashMap<>();

  public OverdueWatch(Supplier<List<RecoveryPolicy>> policies,
      Function<String, Optional<Instant>> lastPassed,
      Function<String, Optional<Instant>> scheduledSince, MeterRegistry registry) {
    this.policies = policies;
    this.lastPassed = lastPassed;
    this.scheduledSince = scheduledSince;
    this.registry = registry;
  }

  /** The alerts due at {@code now}. */
  public List<Alert> due(Instant now) {
    List<Alert> out = new ArrayList<>();
    for (RecoveryPolicy policy : policies.get()) {
      Optional<Instant> passed = lastPassed.apply(policy.name());
      passed.ifPresent(at -> age(policy.name()).set(
          (double) Duration.between(at, now).toSeconds()));
      Optional<Instant> since = passed.or(() -> scheduledSince.apply(policy.name()));
      if (since.isEmpty()) {
        continue;
      }
      Duration interval = Duration.ofDays(policy.drills().maxInterval());
      Instant last = alerted.get(policy.name());
      if (since.get().plus(interval).isBefore(now)
          && (last == null || last.plus(REPEAT).isBefore(now))) {
        alerted.put(policy.name(), now);
        out.add(new Alert(Alert.OVERDUE, policy.name(), null, "policy " + policy.name()
            + " has " + passed.map(at -> "passed no drill since " + at)
            .orElse("passed no drill since it was scheduled at " + since.get())
            + ", more than its maximum interval of " + policy.drills().maxInterval()
            + " days", now));
      }
    }
    return out;
  }

  private AtomicReference<Double> age(String policy) {
    return ages.computeIfAbsent(policy, p -> {
      AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
      Gauge.builder("nearline.drill.since.passed", value, AtomicReference::get)
          .baseUnit("seconds").description("Time since the policy last passed a drill")
          .tag("policy", p).register(registry);
      return value;
    });
  }
}

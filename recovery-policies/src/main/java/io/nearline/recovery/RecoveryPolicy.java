package io.nearline.recovery;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pre-configured plan a one-click failover runs.
 *
 * @param name the policy's name
 * @param pairs the application group: recovery pairs in priority order (first restored first)
 * @param point where replay stops
 * @param steps the ordered steps, run for each pair in turn
 * @param directory what is re-homed in the directory; null when nothing is
 * @param dns DNS names re-homed with the clients; null when none are
 * @param restartCommands shell commands run on the standby by restart-services
 * @param instant serve clients from a copy of the surrogate on the near-line host while the
 *     standby is prepared
 */
public record RecoveryPolicy(String name, List<String> pairs, RecoveryPoint point,
    List<StepKind> steps, DirectoryPlan directory, DnsPlan dns, List<String> restartCommands,
    boolean instant) {

  public RecoveryPolicy {
    pairs = pairs == null ? List.of() : List.copyOf(pairs);
    steps = steps == null ? StepKind.FAILOVER : List.copyOf(steps);
    point = point == null ? RecoveryPoint.LATEST : point;
    restartCommands = restartCommands == null ? List.of() : List.copyOf(restartCommands);
  }

  public void validate() throws InvalidPolicyException {
    Fields.name("policy name", name);
    if (pairs.isEmpty()) {
      throw new InvalidPolicyException("policy " + name + " covers no recovery pair");
    }
    Set<String> seen = new HashSet<>();
    for (String pair : pairs) {
      if (!seen.add(pair)) {
        throw new InvalidPolicyException("policy " + name + " lists pair " + pair + " twice");
      }
    }
    point.validate();
    if (steps.isEmpty()) {
      throw new InvalidPolicyException("policy " + name + " has no steps");
    }
    boolean needsDirectory = steps.contains(StepKind.REBIND_DIRECTORY)
        || steps.contains(StepKind.REHOME_CLIENTS) && dns == null;
    if (directory != null) {
      directory.validate();
    } else if (needsDirectory) {
      throw new InvalidPolicyException("policy " + name + " rebinds or re-homes in the directory"
          + " but has no directory section");
    }
    if (dns != null) {
      dns.validate();
    }
    for (StepKind step : steps) {
      if (StepKind.FAILBACK.contains(step) && !StepKind.FAILOVER.contains(step)) {
        throw new InvalidPolicyException("policy " + name + ": " + step.id() + " is a failback "
            + "step; a failback runs it by itself");
      }
      if (step == StepKind.INSTANT_SERVE) {
        throw new InvalidPolicyException("policy " + name + ": instant-serve is not listed; "
            + "set \"instant\": true and it runs first");
      }
    }
    if (instant) {
      validateInstant();
    }
    int restore = steps.indexOf(StepKind.RESTORE_DATA);
    int promote = steps.indexOf(StepKind.PROMOTE);
    if (restore >= 0 && promote >= 0 && promote < restore) {
      throw new InvalidPolicyException("policy " + name + ": promote must come after "
          + "restore-data");
    }
  }

  /** Instant serves the surrogate's latest point and hands clients over through the directory. */
  private void validateInstant() throws InvalidPolicyException {
    if (!point.isLatest()) {
      throw new InvalidPolicyException("policy " + name + ": instant serves the latest point; "
          + "a policy recovering to " + point + " cannot use it");
    }
    if (directory == null || directory.services().isEmpty()) {
      throw new InvalidPolicyException("policy " + name + ": instant needs service entries to "
          + "send clients to the instant copy (directory.services)");
    }
    if (!steps.contains(StepKind.RESTORE_DATA) || !steps.contains(StepKind.PROMOTE)
        || !steps.contains(StepKind.REHOME_CLIENTS)) {
      throw new InvalidPolicyException("policy " + name + ": instant needs restore-data, promote"
          + " and rehome-clients to hand clients over to the standby");
    }
  }
}

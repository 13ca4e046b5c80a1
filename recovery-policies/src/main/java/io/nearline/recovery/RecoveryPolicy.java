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
 * @param restartCommands shell commands run on the standby by restart-services
 * @param instant serve clients from a copy of the surrogate on the near-line host while the
 *     standby is prepared
 */
public record RecoveryPolicy(String name, List<String> pairs, RecoveryPoint point,
    List<StepKind> steps, DirectoryPlan directory, List<String> restartCommands,
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
        || steps.contains(StepKind.REHOME_CLIENTS);
    if (directory != null) {
      directory.validate();
    } else if (needsDirectory) {
      throw new InvalidPolicyException("policy " + name + " rebinds or re-homes in the directory"
          + " but has no directory section");
    }
    for (StepKind step : steps) {
      if (StepKind.FAILBACK.contains(step) && !StepKind.FAILOVER.contains(step)) {
        throw new InvalidPolicyException("policy " + name + ": " + step.id() + " is a failback "
            + "step; a failback runs it by itself");
      }
    }
    int restore = steps.indexOf(StepKind.RESTORE_DATA);
    int promote = steps.indexOf(StepKind.PROMOTE);
    if (restore >= 0 && promote >= 0 && promote < restore) {
      throw new InvalidPolicyException("policy " + name + ": promote must come after "
          + "restore-data");
    }
  }
}

package io.nearline.recovery;

import io.nearline.common.config.Check;
import io.nearline.common.config.CrossChecked;
import io.nearline.common.config.Describe;
import io.nearline.common.config.Problems;
import io.nearline.recovery.drill.DrillSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pre-configured plan a one-click failover runs. Which steps exist and in what order they
 * may come is the application's to say (its recovery connector checks the policy before it is
 * saved); what is checked here holds for every application.
 */
public record RecoveryPolicy(
    @Describe("The policy's name") @Check.Required
    @Check.Matches(regex = Names.REGEX, means = Names.MEANS) String name,
    @Describe("The application group: recovery pairs in priority order (first restored first)")
    @Check.Required List<String> pairs,
    @Describe("Where replay stops; latest unless given") RecoveryPoint point,
    @Describe("The ordered steps, run for each pair in turn; the application's usual failover "
        + "steps unless given") List<StepKind> steps,
    @Describe("What is re-homed in the directory; none unless given") DirectoryPlan directory,
    @Describe("DNS names re-homed with the clients; none unless given") DnsPlan dns,
    @Describe("Shell commands run on the standby by restart-services") List<String>
        restartCommands,
    @Describe("Serve clients from a copy of the surrogate on the near-line host while the "
        + "standby is prepared") boolean instant,
    @Describe("Seconds from the start of a failover or drill until the service is verified, "
        + "at most") @Check.Positive Integer rtoTargetSeconds,
    @Describe("Age in seconds of the recovery point when the run started, at most")
    @Check.Positive Integer rpoTargetSeconds,
    @Describe("How the policy is drilled: probes, and how often it must pass a drill")
    DrillSettings drills) implements CrossChecked {

  public RecoveryPolicy {
    pairs = pairs == null ? List.of() : List.copyOf(pairs);
    steps = steps == null ? List.of() : List.copyOf(steps);
    point = point == null ? RecoveryPoint.LATEST : point;
    restartCommands = restartCommands == null ? List.of() : List.copyOf(restartCommands);
    drills = drills == null ? DrillSettings.NONE : drills;
  }

  /** The same policy with these steps (an application's defaults, say). */
  public RecoveryPolicy withSteps(List<StepKind> steps) {
    return new RecoveryPolicy(name, pairs, point, steps, directory, dns, restartCommands,
        instant, rtoTargetSeconds, rpoTargetSeconds, drills);
  }

  /** The same policy recovering to {@code point} (a drill of a chosen point, say). */
  public RecoveryPolicy withPoint(RecoveryPoint point) {
    return new RecoveryPolicy(name, pairs, point, steps, directory, dns, restartCommands,
        instant, rtoTargetSeconds, rpoTargetSeconds, drills);
  }

  @Override
  public void check(Problems problems) {
    Set<String> seen = new HashSet<>();
    for (String pair : pairs) {
      if (!seen.add(pair)) {
        problems.add("pairs", "lists pair " + pair + " twice");
      }
    }
    if (directory == null && (steps.contains(StepKind.REBIND_DIRECTORY)
        || steps.contains(StepKind.REHOME_CLIENTS) && dns == null)) {
      problems.add("directory", "is required: the policy rebinds or re-homes in the "
          + "directory");
    }
    if (new HashSet<>(steps).size() != steps.size()) {
      problems.add("steps", "lists a step twice: " + steps);
    }
    boolean ldapProbe = drills.probes().stream().anyMatch(p -> "ldap-service".equals(p.kind()));
    if (ldapProbe && (directory == null || drills.servicesBase() == null
        || drills.servicesBase().isBlank())) {
      problems.add("drills.servicesBase", "is required, with directory, by an ldap-service "
          + "probe: the drill subtree its drill-only service entries go in");
    }
  }
}

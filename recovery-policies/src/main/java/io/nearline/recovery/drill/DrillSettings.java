package io.nearline.recovery.drill;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import java.util.List;

/** How a policy is drilled. */
public record DrillSettings(
    @Describe("The probes every drill runs, in order") List<ProbeSpec> probes,
    @Describe("Days the policy may go without a passed drill before an alert is raised; 7 "
        + "unless given") @Check.Range(min = 1, max = 3660) Integer maxIntervalDays,
    @Describe("Where ldap-service probes create their drill-only service entries (never the "
        + "production subtree)") String servicesBase) {

  public static final DrillSettings NONE = new DrillSettings(null, null, null);

  public DrillSettings {
    probes = probes == null ? List.of() : List.copyOf(probes);
  }

  public int maxInterval() {
    return maxIntervalDays == null ? 7 : maxIntervalDays;
  }
}

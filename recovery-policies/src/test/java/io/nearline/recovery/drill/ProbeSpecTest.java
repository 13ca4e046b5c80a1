package io.nearline.recovery.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.common.config.Validation;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A policy's probes are checked when it is saved, each problem named at its field. */
class ProbeSpecTest {
  @Test
  void shouldNameEachProbeProblemBeforeAnyDrillRuns() {
    RecoveryPolicy policy = new RecoveryPolicy("p", List.of("pair"), RecoveryPoint.LATEST,
        List.of(), null, null, List.of(), false, null, null, new DrillSettings(List.of(
            new ProbeSpec("table-checksum", null, null, null, null,
                List.of("orders; DROP TABLE x"), null, null, null),
            new ProbeSpec("ews-mailbox", null, null, null, null, null, null, null,
                Map.of("url", "https://mail/EWS/Exchange.asmx", "mailbox", "a@example.com",
                    "password", "secret")),
            new ProbeSpec("ldap-service", null, null, null, null, null, null, "db 1", null),
            new ProbeSpec("sql", null, 0, null, null, null, null, null, null),
            new ProbeSpec("ews-mailbox", null, null, null, null, null, null, null,
                Map.of("url", "https://mail/EWS/Exchange.asmx", "mailbox", "a@example.com",
                    "minItems", "some"))), null, null));

    Map<String, String> problems = Validation.problems(policy);

    assertEquals("names orders; DROP TABLE x; a table is a name or schema.name of letters, "
        + "digits and _", problems.get("drills.probes[0].tables"));
    assertEquals("has no setting password; it takes [mailbox, minItems, passwordFile, url, "
        + "user] (a password goes in passwordFile, never in the policy)",
        problems.get("drills.probes[1].ews"));
    assertEquals("minItems is a number, not some", problems.get("drills.probes[4].ews"));
    assertEquals("is required by an ldap-service probe: the service entry's cn, of letters, "
        + "digits, '.', '_' and '-'", problems.get("drills.probes[2].service"));
    assertEquals(true, problems.containsKey("drills.probes[3].timeoutSeconds"), problems
        .toString());
  }

  @Test
  void shouldWantADrillSubtreeForServiceEntryProbes() {
    RecoveryPolicy policy = new RecoveryPolicy("p", List.of("pair"), RecoveryPoint.LATEST,
        List.of(), null, null, List.of(), false, null, null, new DrillSettings(List.of(
            new ProbeSpec("ldap-service", null, null, null, null, null, null, "db1", null)),
            null, null));

    assertEquals(Map.of("drills.servicesBase", "is required, with directory, by an "
        + "ldap-service probe: the drill subtree its drill-only service entries go in"),
        Validation.problems(policy));
  }
}

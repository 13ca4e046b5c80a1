package io.nearline.samples.bench;

import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.drill.DrillSettings;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.testkit.TestDirectory;
import java.util.List;
import java.util.Map;

/**
 * How long a drill takes, in the sandbox and on the standby, next to the failover RTO of the
 * same policy measured in the same run, for each database size.
 *
 * <p>For each size a primary is filled with pgbench and protected with a surrogate. The policy's
 * probes are those a DR team would choose, amcheck aside (it reads every index: its time grows
 * with the size by design): a row count of pgbench_accounts, checksums of the other pgbench
 * tables against the surrogate, a client script, and a client through a drill-only libpq
 * service entry. A drill's time is its run's, from the command until it is cleaned up. Then
 * the primary is killed and the same policy fails over; its RTO is the run's own.
 */
public final class DrillBenchmark {
  private static final String DRILLS = "ou=pgdrills," + TestDirectory.BASE_DN;

  public static void main(String[] args) throws Exception {
    System.out.println("| size | sandbox drill (÷ failover RTO) | its RTO | standby drill (÷ "
        + "failover RTO) | its RTO | failover RTO |");
    System.out.println("|---|---|---|---|---|---|");
    for (double gb : BenchWorld.sizes(args)) {
      System.out.println(measure(gb));
    }
  }

  private static String measure(double gb) throws Exception {
    try (BenchWorld w = BenchWorld.fill(gb, "dn: " + DRILLS + "\nobjectClass: "
        + "organizationalUnit\nou: pgdrills\n\n")) {
      w.protect();
      w.api.post("/api/policies", new RecoveryPolicy("db1", List.of("db1-dr"),
          RecoveryPoint.LATEST, List.of(), w.plan(), null, List.of(), false, null, null,
          new DrillSettings(List.of(
              probe("sql", "SELECT count(*) > 0 FROM pgbench_accounts", "t", null, null, null),
              probe("table-checksum", null, null, List.of("pgbench_branches", "pgbench_tellers",
                  "pgbench_history"), null, null),
              probe("script", null, null, null, "psql -XAtc 'SELECT 1'", null),
              probe("ldap-service", null, null, null, null, "db1")), 7, DRILLS)));
      System.err.println("drilling in the sandbox...");
      Map<String, String> sandbox = w.run("/api/policies/db1/drills?target=sandbox");
      System.err.println("drilling on the standby...");
      Map<String, String> standby = w.run("/api/policies/db1/drills?target=standby");
      for (Map<String, String> drill : List.of(sandbox, standby)) {
        if (!drill.get("probesPassed").equals(drill.get("probesRun"))) {
          throw new IllegalStateException("a drill did not pass its probes: " + drill);
        }
      }
      w.crashPrimary();
      System.err.println("failing over...");
      double failover = Double.parseDouble(w.run("/api/policies/db1/failover")
          .get("rtoSeconds"));
      w.emptyStandby();
      return String.format("| %s | %s | %s s | %s | %s s | %.1f s |", w.size,
          BenchWorld.ratio(seconds(sandbox), failover), sandbox.get("rtoSeconds"),
          BenchWorld.ratio(seconds(standby), failover), standby.get("rtoSeconds"), failover);
    }
  }

  private static double seconds(Map<String, String> run) {
    return Double.parseDouble(run.get("runSeconds"));
  }

  private static ProbeSpec probe(String kind, String sql, String expect, List<String> tables,
      String command, String service) {
    return new ProbeSpec(kind, null, 300, sql, expect, tables, command, service, null);
  }
}

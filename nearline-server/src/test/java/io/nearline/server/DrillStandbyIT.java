package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.drill.DrillSettings;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.server.cli.ApiClient;
import io.nearline.testkit.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drills on the pair's real standby: restored to the drill's point, probed, and returned to
 * standby even when a probe fails; and a real failover that pre-empts a drill holding the
 * standby, which is cleaned up and reported as such while the failover goes on.
 */
class DrillStandbyIT {
  @RegisterExtension final FailoverWorld w = new FailoverWorld();

  @Test
  void shouldReturnTheStandbyAfterAFailedProbeAndGiveWayToAFailover() throws Exception {
    w.startServer();
    w.f.protectWithSurrogate("db1");
    w.f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
    w.f.api.post("/api/pairs", w.pair());
    List<ProbeSpec> probes = List.of(
        sql("accounts", "SELECT count(*) FROM pgbench_accounts", "200000"),
        new ProbeSpec("table-checksum", null, null, null, null, List.of("pgbench_accounts",
            "pgbench_branches"), null, null, null));
    w.f.api.post("/api/policies", drilled("db1-failover", probes));
    String clientsBefore = w.psqlService("SELECT current_setting('port')");
    // The standby holds Nearline's last restore (a failed-back failover's, say): the drill
    // must put it back as it was.
    Path data = w.dir.resolve("standby/data");
    Command.runUnprivileged(w.dir, "bash", "-c", "mkdir -m 700 " + data + " && echo 99 > "
        + data + "/nearline-restore && echo kept > " + data + "/PG_VERSION.keep");

    CliRun passed = w.cli("drill", "run", "db1-failover", "--target", "standby");
    assertEquals(0, passed.exitCode(), passed.out() + passed.err());
    assertEquals("99", Files.readString(data.resolve("nearline-restore")).strip(),
        "Nearline's last restore is back in place");
    assertTrue(Files.exists(data.resolve("PG_VERSION.keep")));
    try (java.util.stream.Stream<Path> left = Files.list(w.dir.resolve("standby"))) {
      assertEquals(List.of("data"), left.map(p -> p.getFileName().toString()).toList(),
          "nothing moved aside is left");
    }
    Command.run(w.dir, "rm", "-rf", data.toString());
    assertTrue(passed.err().contains("standby-restore"), passed.err());
    CliRun trend = w.cli("drill", "trend", "db1-failover");
    assertTrue(trend.out().matches("(?s).*predicted failover RTO [0-9.]+ s: the slowest of the "
        + "last 1 passed standby drills.*"), trend.out());

    List<ProbeSpec> failing = new java.util.ArrayList<>(probes);
    failing.add(sql("wrong", "SELECT count(*) FROM pgbench_branches", "3"));
    w.f.api.post("/api/policies", drilled("db1-failover", failing));
    CliRun drill = w.cli("drill", "run", "db1-failover", "--target", "standby");
    assertEquals(1, drill.exitCode(), drill.out() + drill.err());
    assertTrue(drill.out().contains("(standby, on demand by admin): failed"), drill.out());
    assertTrue(drill.out().contains("probes passed: 2 of 3"), drill.out());
    assertTrue(drill.out().contains("deviation: probe wrong failed: expected 3, got 2"),
        drill.out());
    assertFalse(Files.exists(w.dir.resolve("standby/data")), "the standby's data directory "
        + "is missing again, as it was before the drill");
    assertFalse(listening(w.standbyPort), "and no server runs on the standby's port");
    assertEquals(clientsBefore, w.psqlService("SELECT current_setting('port')"),
        "clients were never re-homed");
    assertEquals(0, w.mailboxesOn(FailoverWorld.STANDBY_MBX), "no mailbox moved");

    // A drill holding the standby gives way to a real failover at once.
    w.f.api.post("/api/policies", drilled("db1-failover", List.of(new ProbeSpec("script",
        "slow", 600, null, null, null, "sleep 300", null, null))));
    long held = w.f.api.post("/api/policies/db1-failover/drills?target=standby",
        java.util.Map.of()).path("id").asLong();
    w.awaitStep(held, "probe", "STARTED");
    ApiClient.ApiException busy = assertThrows(ApiClient.ApiException.class, () -> w.f.api.post(
        "/api/policies/db1-failover/drills?target=standby", java.util.Map.of()));
    assertTrue(busy.getMessage().contains("servers are in use by drill run " + held),
        busy.getMessage());
    w.f.primary.crash();
    CliRun failover = w.cli("failover", "db1-failover");
    assertEquals(0, failover.exitCode(), failover.out() + failover.err());

    JsonNode preempted = w.f.api.get("/api/drills/" + held);
    assertEquals("pre-empted", preempted.path("outcome").asText(), preempted.toString());
    JsonNode steps = w.f.api.get("/api/runs/" + held).path("steps");
    assertEquals("FINISHED", steps.get(steps.size() - 1).path("state").asText(),
        "the pre-empted drill was cleaned up: " + steps);
    assertEquals("f|" + w.standbyPort, w.psqlService("SELECT pg_is_in_recovery(), "
        + "current_setting('port')"), "the failover went on to the standby");
    assertEquals(10, w.mailboxesOn(FailoverWorld.STANDBY_MBX));
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }

  private RecoveryPolicy drilled(String name, List<ProbeSpec> probes) {
    RecoveryPolicy p = w.policy(name, RecoveryPoint.LATEST, false);
    return new RecoveryPolicy(p.name(), p.pairs(), p.point(), p.steps(), p.directory(),
        p.dns(), p.restartCommands(), false, 600, 3600, new DrillSettings(probes, 7, null));
  }

  private static ProbeSpec sql(String name, String sql, String expect) {
    return new ProbeSpec("sql", name, null, sql, expect, null, null, null, null);
  }
}

package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.drill.DrillSettings;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drills that outlive the server: one cut short by kill -9 is finished as interrupted and
 * cleaned up at the next start; schedules kept in the catalog fire, and a time missed while
 * the server was down raises an alert and runs once when it is back.
 */
class DrillScheduleIT {
  @RegisterExtension final FailoverWorld w = new FailoverWorld();

  @Test
  void shouldFinishAnInterruptedDrillAndKeepSchedulesAcrossRestarts() throws Exception {
    int port = Ports.free();
    w.url = "http://127.0.0.1:" + port;
    Path data = w.dir.resolve("nearline");
    Path log = w.dir.resolve("server.log");
    long interrupted;
    ZonedDateTime whileDown;
    java.util.Set<Long> before = new java.util.HashSet<>();
    try (ServerProcess first = ServerProcess.start(data, log, port)) {
      w.f.api = first.api;
      w.f.protectWithSurrogate("db1");
      w.f.awaitStatus("db1", Duration.ofSeconds(120),
          s -> s.path("surrogateState").asText().equals("replaying"));
      w.f.api.post("/api/pairs", w.pair());
      w.f.api.post("/api/policies", drilled("db1-slow", new ProbeSpec("script", "slow", 600,
          null, null, null, "sleep 300", null, null)));
      interrupted = w.f.api.post("/api/policies/db1-slow/drills", Map.of()).path("id")
          .asLong();
      w.awaitStep(interrupted, "probe", "STARTED");
      first.kill9();
    }

    try (ServerProcess second = ServerProcess.start(data, log, port)) {
      w.f.api = second.api;
      JsonNode drill = awaitJudged(interrupted);
      assertEquals("interrupted", drill.path("outcome").asText(), drill.toString());
      JsonNode steps = w.f.api.get("/api/runs/" + interrupted).path("steps");
      assertEquals("FINISHED", steps.get(steps.size() - 1).path("state").asText(),
          "cleaned up at the start: " + steps);
      assertFalse(Files.exists(data.resolve("surrogates/db1/instant-" + interrupted)));
      w.f.awaitStatus("db1", Duration.ofSeconds(60),
          s -> s.path("surrogateState").asText().equals("replaying"));
      assertAlerted("db1-slow");

      // A schedule fires.
      w.f.api.post("/api/policies", drilled("db1-drill", new ProbeSpec("sql", "one", null,
          "SELECT 1", "1", null, null, null, null)));
      CliRun scheduled = w.cli("drill", "schedule", "db1-drill", "--cron", "0/4 * * * * ?",
          "--zone", "Europe/Berlin");
      assertEquals(0, scheduled.exitCode(), scheduled.out() + scheduled.err());
      JsonNode fired = awaitScheduledDrill("db1-drill", before);
      assertEquals("passed", fired.path("outcome").asText(), fired.toString());
      assertTrue(fired.path("trigger").asText().equals("schedule (cron 0/4 * * * * ?, "
          + "Europe/Berlin)"), fired.toString());
      assertTrue(fired.path("rtoSeconds").asDouble() > 0, fired.toString());
      assertEquals(0, w.cli("drill", "unschedule", "db1-drill").exitCode());
      Thread.sleep(1000); // a drill the schedule started just before may still be ending
      w.f.api.get("/api/drills").forEach(d -> before.add(d.path("id").asLong()));

      // A time that comes while the server is down.
      whileDown = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(6);
      ZonedDateTime at = whileDown;
      String once = at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " "
          + at.getDayOfMonth() + " " + at.getMonthValue() + " ? " + at.getYear();
      assertEquals(0, w.cli("drill", "schedule", "db1-drill", "--cron", once).exitCode());
      CliRun list = w.cli("drill", "schedules");
      assertTrue(list.out().contains("db1-drill") && list.out().contains("run-once"),
          list.out());
    }
    // Down past the time and the 15 s after which a late time counts as missed.
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), whileDown.toInstant()).toMillis())
        + 20_000);

    try (ServerProcess third = ServerProcess.start(data, log, port)) {
      w.f.api = third.api;
      JsonNode late = awaitScheduledDrill("db1-drill", before);
      assertEquals("passed", late.path("outcome").asText(), late.toString());
      assertAlerted("db1-drill");
      assertTrue(Files.readString(log).contains("did not run (Nearline was not running then)"
          + "; it runs now instead"), "the log says why");
    }
  }

  /** One missed-drill alert was counted for the policy. */
  private void assertAlerted(String policy) {
    String metrics = w.f.api.getText("/metrics");
    assertTrue(metrics.matches("(?s).*nearline_drill_alerts_total\\{kind=\"missed\",policy=\""
        + policy + "\",?} 1\\.0\n.*"), metrics);
  }

  /** An ended drill of {@code policy} its schedule started, other than those {@code known}. */
  private JsonNode awaitScheduledDrill(String policy, java.util.Set<Long> known)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode d : w.f.api.get("/api/drills?policy=" + policy)) {
        if (d.path("trigger").asText().startsWith("schedule")
            && !d.path("outcome").asText().equals("running")
            && !known.contains(d.path("id").asLong())) {
          return d;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no scheduled drill of " + policy + ": "
        + w.f.api.get("/api/drills"));
  }

  private JsonNode awaitJudged(long id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode drill = w.f.api.get("/api/drills/" + id);
    while (drill.path("outcome").asText().equals("running") && System.nanoTime() < deadline) {
      Thread.sleep(250);
      drill = w.f.api.get("/api/drills/" + id);
    }
    return drill;
  }

  private RecoveryPolicy drilled(String name, ProbeSpec probe) {
    RecoveryPolicy p = w.policy(name, RecoveryPoint.LATEST, false);
    return new RecoveryPolicy(p.name(), p.pairs(), p.point(), p.steps(), p.directory(),
        p.dns(), p.restartCommands(), false, 600, 3600, new DrillSettings(List.of(probe), 7,
        null));
  }
}

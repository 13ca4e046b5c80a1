package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.server.cli.ApiClient;
import io.nearline.testkit.Command;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failing back after a failover: over SSH with the directory and DNS put back, and with a
 * fresh copy where pg_rewind cannot, protection resuming on the primary's new timeline.
 */
class FailbackIT {
  @RegisterExtension final FailoverWorld w = new FailoverWorld();

  @Test
  void shouldFailOverAndBackOverSshAndPutTheDirectoryBack() throws Exception {
    w.startServerOverTls(); // the standby and the old primary fetch WAL over TLS, pinned
    w.overSsh();
    w.withDns();
    w.protectAndCrash(10);
    ApiClient.ApiException none = org.junit.jupiter.api.Assertions.assertThrows(
        ApiClient.ApiException.class, () -> w.f.api.post("/api/policies/db1-failover/failback",
            Map.of()));
    assertTrue(none.getMessage().contains("has no finished failover to fail back"),
        none.getMessage());
    long failover = w.f.api.post("/api/policies/db1-failover/failover", Map.of()).path("id")
        .asLong();
    CliRun waited = w.cli("run", "show", String.valueOf(failover), "--wait");
    assertEquals(0, waited.exitCode(), waited.out() + waited.err());
    assertEquals("127.0.0.1", w.named.dig("db1.example.com", "A"), "DNS moved to the standby");
    String fetch = Files.readString(w.dir.resolve("standby/data/nearline-wal-fetch"));
    assertTrue(fetch.contains("--cacert") && fetch.contains("https://") && !fetch.contains(" -k"),
        "the standby fetched WAL over TLS, verifying the server: " + fetch);
    w.psqlService("CREATE TABLE written_on_standby AS SELECT generate_series(1, 1000) AS n");
    JsonNode recheck = w.f.api.post("/api/pairs", w.pair());
    assertTrue(recheck.path("passed").asBoolean(), "a pair saved again after its failover "
        + "passes the check: the standby holds Nearline's own restore " + recheck);
    JsonNode plan = w.f.api.post("/api/policies/db1-failover/failback?dryRun=true", Map.of());
    assertEquals(List.of("restore-primary", "switch-over", "reverse-directory",
        "restart-services", "verify", "resume-protection"),
        plan.path("steps").findValuesAsText("step"));
    assertEquals(12, plan.path("steps").get(2).path("changes").size(),
        "the service entry, ten mailboxes and a DNS name to put back");

    CliRun run = w.cli("failback", "db1-failover");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    System.out.println(run.out());
    assertTrue(run.out().contains("rebuilt with pg_rewind"), run.out());

    // Clients are back on the primary, which has what was written on the standby.
    assertEquals("f|" + w.f.primary.port() + "|1000", w.psqlService("SELECT pg_is_in_recovery(), "
        + "current_setting('port'), count(*) FROM written_on_standby"));
    assertEquals(11, w.mailboxesOn(FailoverWorld.PRIMARY_MBX));
    assertEquals("10.0.0.1", w.named.dig("db1.example.com", "A"), "DNS back as it was");
    assertEquals(0, w.mailboxesOn(FailoverWorld.STANDBY_MBX));
    assertTrue(!w.standbyRunning(), "the standby is stopped, back to standing by");
  }

  @Test
  void shouldFailBackWithAFreshCopyWhenPgRewindCannotAndProtectAgain() throws Exception {
    w.startServer();
    w.protectAndCrash(5);
    long failover = w.f.api.post("/api/policies/db1-failover/failover", Map.of()).path("id")
        .asLong();
    CliRun waited = w.cli("run", "show", String.valueOf(failover), "--wait");
    assertEquals(0, waited.exitCode(), waited.out() + waited.err());
    w.psqlService("CREATE TABLE written_on_standby AS SELECT generate_series(1, 10) AS n");
    // The primary comes back with a damaged disk: its control file is gone.
    Files.delete(w.dir.resolve("primary/data/global/pg_control"));

    CliRun run = w.cli("failback", "db1-failover");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("rebuilt with a fresh copy (pg_rewind could not"), run.out());
    assertEquals("f|" + w.f.primary.port() + "|10", w.psqlService("SELECT pg_is_in_recovery(), "
        + "current_setting('port'), count(*) FROM written_on_standby"));
    long failback = w.f.api.get("/api/runs").get(0).path("id").asLong();
    assertTrue(Files.exists(w.dir.resolve("primary/data.replaced-" + failback + "/PG_VERSION")),
        "the damaged w.directory is kept aside, not deleted");

    // Protection resumes on the new timeline: a new baseline, collection from it, a surrogate.
    w.f.awaitStatus("db1", Duration.ofSeconds(180), s -> s.path("state").asText()
        .equals("collecting") && s.path("surrogateState").asText().equals("replaying"));
    w.f.primary.sql("CREATE TABLE after_failback AS SELECT generate_series(1, 7) AS n");
    String segment = w.f.primary.switchAndArchive();
    assertTrue(!segment.startsWith("00000001"), "the primary archives on a new timeline");
    w.f.awaitCollected("db1", segment);
    String surrogate = w.f.status("db1").path("surrogate").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String seen = "";
    while (!seen.equals("7") && System.nanoTime() < deadline) {
      seen = Command.run(w.dir, "bash", "-c", "psql '" + surrogate + "' -XAtc "
          + "'SELECT count(*) FROM after_failback' 2>/dev/null || true").strip();
      Thread.sleep(500);
    }
    assertEquals("7", seen, "the new surrogate replays what the primary writes after failback");
  }
}

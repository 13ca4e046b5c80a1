package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recovery.RecoveryPoint;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The instant option: clients served from the near-line while the standby is prepared, then
 * handed over to the standby without losing what they wrote.
 */
class InstantFailoverIT {
  @RegisterExtension final FailoverWorld w = new FailoverWorld();

  @Test
  void shouldServeClientsFromTheNearLineWhileTheStandbyIsPrepared() throws Exception {
    w.startServer();
    w.protectAndCrash(10);
    w.f.api.post("/api/policies", w.policy("db1-instant", RecoveryPoint.LATEST, true));
    CliRun started = w.cli("failover", "db1-instant", "--no-wait");
    assertEquals(0, started.exitCode(), started.out() + started.err());
    long id = Long.parseLong(started.out().strip().replace("run ", ""));

    // While the standby is prepared, clients are on the instant copy, and write there.
    w.awaitStep(id, "instant-serve", "FINISHED");
    String instant = w.psqlService("SELECT current_setting('port')");
    w.psqlService("CREATE TABLE written_on_instant AS SELECT generate_series(1, 500) AS n");

    CliRun run = w.cli("run", "show", String.valueOf(id), "--wait");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    System.out.println(run.out());
    assertTrue(run.out().contains("instantRtoSeconds: "), run.out());
    assertTrue(!instant.equals(String.valueOf(w.standbyPort)), "the instant copy has its own port");
    assertEquals("f|" + w.standbyPort + "|500", w.psqlService("SELECT pg_is_in_recovery(), "
        + "current_setting('port'), count(*) FROM written_on_instant"),
        "the standby took over everything written to the instant copy");
    assertEquals(10, w.mailboxesOn(FailoverWorld.STANDBY_MBX));
    w.f.awaitStatus("db1", Duration.ofSeconds(60),
        s -> s.path("surrogateState").asText().equals("replaying"));
    assertTrue(Files.notExists(w.dir.resolve("nearline/surrogates/db1/instant-" + id)),
        "the instant copy is gone");
  }
}

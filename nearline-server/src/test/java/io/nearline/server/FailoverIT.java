package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.server.api.DescribedAnswers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one-command failover: a primary under load is killed, one command runs the policy, and
 * clients using {@code psql service=db1} reach a differently named standby on another port,
 * holding the surrogate's data, with the mailboxes rebound to the standby's store.
 */
class FailoverIT {
  @RegisterExtension final FailoverWorld w = new FailoverWorld();

  @Test
  void shouldFailOverToADifferentlyNamedStandbyWithOneCommand() throws Exception {
    w.startServer();
    w.protectAndCrash(30);

    CliRun pairs = w.cli("pair", "list");
    assertTrue(pairs.out().contains("pgPort=" + w.standbyPort), "the application's settings "
        + "show: " + pairs.out());

    JsonNode plan = w.f.api.post("/api/policies/db1-failover/failover?dryRun=true", Map.of());
    assertEquals("PLANNED", plan.path("state").asText());
    assertEquals(10, plan.path("steps").get(2).path("changes").size(), "ten mailboxes to move");
    assertTrue(Files.notExists(w.dir.resolve("standby/data")), "a dry run changes nothing");

    CliRun run = w.cli("failover", "db1-failover");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("... db1-dr restore-data"), "progress: " + run.err());
    assertTrue(run.err().chars().allMatch(c -> c < 128), "plain ASCII where the terminal does "
        + "not say it takes UTF-8: " + run.err());
    System.out.println(run.out());
    assertTrue(run.out().contains("rtoSeconds: "), run.out());
    assertTrue(run.out().contains("rpoSeconds: "), run.out());

    // Clients: psql with an LDAP service lookup lands on the standby, which takes writes.
    assertEquals("f|" + w.standbyPort,
        w.psqlService("SELECT pg_is_in_recovery(), current_setting('port')"));

    w.assertStandbyHoldsWhatTheSurrogateReplayed();

    // The standby fetched WAL with a credential of its own, in a file only its account reads,
    // which stopped working when the run ended.
    Path auth = w.dir.resolve("standby/data/nearline-wal-fetch.auth");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)));
    String credential = Files.readString(auth).strip().replace("Authorization: Bearer ", "");
    assertEquals(401, CollectionIT.get(w.url + "/api/servers/db1/wal/000000010000000000000001",
        credential).statusCode(), "revoked when the run ended");

    // Mailboxes: users on the standby's store, the system mailbox left where it was.
    assertEquals(10, w.mailboxesOn(FailoverWorld.STANDBY_MBX));
    assertEquals(1, w.mailboxesOn(FailoverWorld.PRIMARY_MBX));

    // Monitoring sees the run and what it measured.
    String metrics = w.f.api.getText("/metrics");
    assertTrue(metrics.matches("(?s).*nearline_recovery_runs_total\\{kind=\"failover\","
        + "policy=\"db1-failover\",state=\"succeeded\",?} 1\\.0\n.*"), metrics);
    assertTrue(metrics.matches("(?s).*nearline_recovery_rto_seconds\\{kind=\"failover\","
        + "policy=\"db1-failover\",?} [0-9.]+\n.*"), metrics);

    // Every answer, now with a server, a pair, a policy and a run, is as the API describes it.
    long runId = w.f.api.get("/api/runs").get(0).path("id").asLong();
    assertTrue(DescribedAnswers.check(w.url, w.adminToken(), Map.of("name", "db1", "id",
        String.valueOf(runId))) >= 9);
  }
}

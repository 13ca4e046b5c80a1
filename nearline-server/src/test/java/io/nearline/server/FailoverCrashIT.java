package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.process.Program;
import io.nearline.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A near-line killed in the middle of a failover resumes it from the journal when it restarts.
 */
class FailoverCrashIT {
  @RegisterExtension final FailoverWorld w = new FailoverWorld();

  @Test
  void shouldResumeAFailoverInterruptedByANearlineCrash() throws Exception {
    int port = Ports.free();
    w.url = "http://127.0.0.1:" + port;
    Path data = w.dir.resolve("nearline");
    Path log = w.dir.resolve("server.log");
    long id;
    try (ServerProcess first = ServerProcess.start(data, log, port)) {
      w.f.api = first.api;
      w.protectAndCrash(10);
      id = w.f.api.post("/api/policies/db1-failover/failover", Map.of()).path("id").asLong();
      w.awaitStep(id, "restore-data", "STARTED");
      first.kill9();
    }

    // Watched from before the restart: the server resumes the run as it starts.
    Set<String> commandLines = ConcurrentHashMap.newKeySet();
    Thread ps = watchCommandLines(commandLines);
    try (ServerProcess second = ServerProcess.start(data, log, port)) {
      w.f.api = second.api;
      CliRun run = w.cli("run", "show", String.valueOf(id), "--wait");
      ps.interrupt();
      ps.join();
      assertTrue(commandLines.stream().anyMatch(c -> c.contains("pg_basebackup")
          || c.contains("nearline-wal-fetch")), "ps saw the run: " + commandLines.size()
          + " command lines, " + commandLines.stream().filter(c -> c.startsWith("ps failed"))
          .toList());
      assertNoSecretShows(String.join("\n", commandLines), "ps during the run");
      assertEquals(0, run.exitCode(), run.out() + run.err() + Files.readString(log));
      System.out.println(run.out());
      assertTrue(Files.readString(log).contains("resuming recovery run " + id),
          "the restarted server resumed the run from the journal");
      int repeated = 0;
      for (JsonNode step : w.f.api.get("/api/runs/" + id).path("steps")) {
        repeated += step.path("attempts").asInt() > 1 ? 1 : 0;
      }
      assertEquals(1, repeated, "the step the crash cut short ran again, the others once");
      assertEquals("f|" + w.standbyPort,
          w.psqlService("SELECT pg_is_in_recovery(), current_setting('port')"));
      w.assertStandbyHoldsWhatTheSurrogateReplayed();
      assertEquals(10, w.mailboxesOn(FailoverWorld.STANDBY_MBX));
      assertNoSecretShows(Files.readString(log), "the server's log");
      assertNoSecretShows(w.cli("status", "--json").out(), "status --json");
      assertNoSecretShows(w.cli("events", "db1").out(), "events");
      assertNoSecretShows(w.cli("policy", "export").out(), "the exported policy file");
      assertNoSecretShows(w.cli("audit", "--json").out(), "the audit log");
      assertNoSecretShows(w.cli("run", "show", String.valueOf(id)).out(), "the run's journal");
    }
  }

  /**
   * Every distinct command line on the host, sampled every 20 ms until interrupted; a failure
   * to sample is added as a line of its own, which the caller's checks then show.
   */
  private static Thread watchCommandLines(Set<String> seen) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          seen.addAll(Program.of("ps", "-eo", "args").exec().output().lines().toList());
          Thread.sleep(20);
        } catch (InterruptedException stop) {
          return;
        } catch (Exception e) {
          seen.add("ps failed: " + e.getMessage());
          return;
        }
      }
    }, "ps");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The share and directory passwords, and every credential (each starts with nl_): the admin
   * token, the surrogate's and the standby's log readers, which were all in use in this run.
   */
  private void assertNoSecretShows(String text, String where) throws Exception {
    for (String secret : new String[] {NearlineFixture.SMB_PASSWORD,
        io.nearline.testkit.TestDirectory.ADMIN_PASSWORD, w.adminToken(), "nl_"}) {
      assertFalse(text.contains(secret), where + " shows a secret (" + secret.substring(0, 3)
          + "...)");
    }
  }
}

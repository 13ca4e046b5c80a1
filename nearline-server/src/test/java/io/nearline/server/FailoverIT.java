package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.directory.MailboxStore;
import io.nearline.recovery.AccessKind;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.DnsPlan;
import io.nearline.recovery.PointKind;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.Standby;
import io.nearline.server.cli.ApiClient;
import io.nearline.testkit.Command;
import io.nearline.testkit.InMemoryDirectory;
import io.nearline.testkit.NameServer;
import io.nearline.testkit.Ports;
import io.nearline.testkit.SampleDirectory;
import io.nearline.testkit.SshServer;
import io.nearline.testkit.TestDirectory;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole failover: a primary under load is killed, one command runs the policy, and clients
 * using {@code psql service=db1} reach a differently named standby on another port, holding
 * the surrogate's data, with the mailboxes rebound to the standby's store. Also: the same over
 * SSH and back again (failback), a tagged point the surrogate has passed, the instant option,
 * and a near-line killed mid-run.
 */
class FailoverIT {
  private static final String PRIMARY_MBX = "MBX-HQ";
  private static final String STANDBY_MBX = "MBX-DR";

  @TempDir Path dir;
  NearlineFixture f;
  InMemoryDirectory directory;
  SshServer sshd;
  NameServer named;
  DnsPlan dns;
  int standbyPort;
  /** The Nearline API, in this JVM or (for the crash test) in one of its own. */
  String url;

  @BeforeEach
  void start() throws Exception {
    f = new NearlineFixture(dir);
    f.primary.pgbenchInit(2);
    directory = InMemoryDirectory.start();
    StringBuilder ldif = new StringBuilder(SampleDirectory.skeleton(PRIMARY_MBX, STANDBY_MBX));
    ldif.append(SampleDirectory.service("db1", "127.0.0.1", f.primary.port(), "postgres"));
    for (int i = 0; i < 10; i++) {
      ldif.append(SampleDirectory.mailbox("User " + i, PRIMARY_MBX, null));
    }
    ldif.append(SampleDirectory.mailbox("HealthMailbox01", PRIMARY_MBX, null));
    directory.load(ldif.toString());
    Files.writeString(dir.resolve("ldap.password"), TestDirectory.ADMIN_PASSWORD);
    Files.createDirectories(dir.resolve("standby"));
    UnprivilegedUser.own(dir.resolve("standby"));
    standbyPort = Ports.free();
  }

  private void startServer() throws Exception {
    f.startServer();
    url = "http://127.0.0.1:" + f.server.port();
  }

  @AfterEach
  void stop() {
    Command.run(dir, "bash", "-c", "runuser -u " + UnprivilegedUser.NAME + " -- "
        + "/usr/lib/postgresql/15/bin/pg_ctl -D " + dir.resolve("standby/data")
        + " -m immediate stop || true");
    directory.close();
    if (sshd != null) {
      sshd.close();
    }
    if (named != null) {
      named.close();
    }
    f.close();
  }

  /** The standby and the primary's host: reached over SSH once {@link #sshd} runs, else local. */
  private RecoveryPair pair() {
    return new RecoveryPair("db1-dr", "db1", host("dr-host", dir.resolve("standby/data"),
        standbyPort), host("hq-host", dir.resolve("primary/data"), f.primary.port()));
  }

  private Standby host(String name, Path data, int port) {
    return sshd == null
        ? new Standby(name, AccessKind.LOCAL, null, 22, null, null, UnprivilegedUser.NAME,
            "127.0.0.1", false, url, postgres(data, port))
        : new Standby(name, AccessKind.SSH, "127.0.0.1", sshd.port(), sshd.user(),
            sshd.clientKey().toString(), null, "127.0.0.1", false, url, postgres(data, port));
  }

  private static Map<String, Object> postgres(Path data, int port) {
    return Map.of("pgBin", "/usr/lib/postgresql/15/bin", "dataDirectory", data.toString(),
        "pgPort", port);
  }

  private RecoveryPolicy policy() {
    return policy("db1-failover", RecoveryPoint.LATEST);
  }

  private RecoveryPolicy policy(String name, RecoveryPoint point) {
    return policy(name, point, false);
  }

  private RecoveryPolicy policy(String name, RecoveryPoint point, boolean instant) {
    return new RecoveryPolicy(name, List.of("db1-dr"), point,
        List.of(), new DirectoryPlan(directory.url(), TestDirectory.ADMIN_DN,
        dir.resolve("ldap.password").toString(), SampleDirectory.SERVICES, List.of("db1"),
        SampleDirectory.USERS, store(PRIMARY_MBX), store(STANDBY_MBX)), dns, List.of("true"),
        instant);
  }

  private static MailboxStore store(String server) {
    return new MailboxStore(SampleDirectory.storeDn(server, "Mailbox Database"),
        SampleDirectory.mtaDn(server), SampleDirectory.legacyDn(server));
  }

  /** Protects db1 with a surrogate, saves the pair and policy, and kills db1 under load. */
  private void protectAndCrash(int loadSeconds) throws Exception {
    f.protectWithSurrogate("db1");
    f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
    JsonNode check = f.api.post("/api/pairs", pair());
    assertTrue(check.path("passed").asBoolean(), check.toString());
    f.api.post("/api/policies", policy());

    Process load = f.primary.pgbench(2, loadSeconds);
    f.archiveSegments(2);
    sleep(3000);
    f.primary.crash();
    load.waitFor();
  }

  /** What {@code psql service=db1} answers, the service looked up in the directory. */
  private String psqlService(String sql) throws Exception {
    Path services = dir.resolve("pg_service.conf");
    Files.writeString(services, "[db1]\n" + directory.url() + "/" + SampleDirectory.SERVICES
        + "?description?one?(cn=db1)\n");
    return Command.run(dir, "env", "PGSERVICEFILE=" + services, "psql",
        "service=db1 user=postgres", "-XAtc", sql).strip();
  }

  private int mailboxesOn(String server) throws Exception {
    try (var ldap = new com.unboundid.ldap.sdk.LDAPConnection("127.0.0.1", directory.port())) {
      return ldap.search(SampleDirectory.USERS, com.unboundid.ldap.sdk.SearchScope.ONE,
          "(homeMDB=" + store(server).storeDn() + ")").getEntryCount();
    }
  }

  @Test
  void shouldFailOverToADifferentlyNamedStandbyWithOneCommand() throws Exception {
    startServer();
    protectAndCrash(30);

    JsonNode plan = f.api.post("/api/policies/db1-failover/failover?dryRun=true", Map.of());
    assertEquals("PLANNED", plan.path("state").asText());
    assertEquals(10, plan.path("steps").get(2).path("changes").size(), "ten mailboxes to move");
    assertTrue(Files.notExists(dir.resolve("standby/data")), "a dry run changes nothing");

    CliRun run = CliRun.of("--url", url, "failover", "db1-failover");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    System.out.println(run.out());
    assertTrue(run.out().contains("rtoSeconds: "), run.out());
    assertTrue(run.out().contains("rpoSeconds: "), run.out());

    // Clients: psql with an LDAP service lookup lands on the standby, which takes writes.
    assertEquals("f|" + standbyPort,
        psqlService("SELECT pg_is_in_recovery(), current_setting('port')"));

    assertStandbyHoldsWhatTheSurrogateReplayed();

    // Mailboxes: users on the standby's store, the system mailbox left where it was.
    assertEquals(10, mailboxesOn(STANDBY_MBX));
    assertEquals(1, mailboxesOn(PRIMARY_MBX));

    // Monitoring sees the run and what it measured.
    String metrics = f.api.getText("/metrics");
    assertTrue(metrics.matches("(?s).*nearline_recovery_runs_total\\{kind=\"failover\","
        + "policy=\"db1-failover\",state=\"succeeded\",?} 1\\.0\n.*"), metrics);
    assertTrue(metrics.matches("(?s).*nearline_recovery_rto_seconds\\{kind=\"failover\","
        + "policy=\"db1-failover\",?} [0-9.]+\n.*"), metrics);
  }

  @Test
  void shouldFailOverAndBackOverSshAndPutTheDirectoryBack() throws Exception {
    startServer();
    sshd = SshServer.start(dir.resolve("sshd"));
    named = NameServer.start(dir.resolve("named"));
    dns = new DnsPlan("127.0.0.1", named.port(), NameServer.ZONE, NameServer.KEY_NAME,
        NameServer.KEY_ALGORITHM, named.secretFile().toString(), List.of("db1"), 30);
    protectAndCrash(10);
    ApiClient.ApiException none = org.junit.jupiter.api.Assertions.assertThrows(
        ApiClient.ApiException.class, () -> f.api.post("/api/policies/db1-failover/failback",
            Map.of()));
    assertTrue(none.getMessage().contains("has no finished failover to fail back"),
        none.getMessage());
    long failover = f.api.post("/api/policies/db1-failover/failover", Map.of()).path("id")
        .asLong();
    CliRun waited = CliRun.of("--url", url, "run", "show", String.valueOf(failover), "--wait");
    assertEquals(0, waited.exitCode(), waited.out() + waited.err());
    assertEquals("127.0.0.1", named.dig("db1.example.com", "A"), "DNS moved to the standby");
    psqlService("CREATE TABLE written_on_standby AS SELECT generate_series(1, 1000) AS n");
    JsonNode recheck = f.api.post("/api/pairs", pair());
    assertTrue(recheck.path("passed").asBoolean(), "a pair saved again after its failover "
        + "passes the check: the standby holds Nearline's own restore " + recheck);
    JsonNode plan = f.api.post("/api/policies/db1-failover/failback?dryRun=true", Map.of());
    assertEquals(List.of("restore-primary", "switch-over", "reverse-directory",
        "restart-services", "verify", "resume-protection"),
        plan.path("steps").findValuesAsText("step"));
    assertEquals(12, plan.path("steps").get(2).path("changes").size(),
        "the service entry, ten mailboxes and a DNS name to put back");

    CliRun run = CliRun.of("--url", url, "failback", "db1-failover");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    System.out.println(run.out());
    assertTrue(run.out().contains("rebuilt with pg_rewind"), run.out());

    // Clients are back on the primary, which has what was written on the standby.
    assertEquals("f|" + f.primary.port() + "|1000", psqlService("SELECT pg_is_in_recovery(), "
        + "current_setting('port'), count(*) FROM written_on_standby"));
    assertEquals(11, mailboxesOn(PRIMARY_MBX));
    assertEquals("10.0.0.1", named.dig("db1.example.com", "A"), "DNS back as it was");
    assertEquals(0, mailboxesOn(STANDBY_MBX));
    assertTrue(Command.run(dir, "bash", "-c", "runuser -u " + UnprivilegedUser.NAME
        + " -- /usr/lib/postgresql/15/bin/pg_ctl -D " + dir.resolve("standby/data")
        + " status || true").contains("no server running"),
        "the standby is stopped, back to standing by");
  }

  @Test
  void shouldFailBackWithAFreshCopyWhenPgRewindCannotAndProtectAgain() throws Exception {
    startServer();
    protectAndCrash(5);
    long failover = f.api.post("/api/policies/db1-failover/failover", Map.of()).path("id")
        .asLong();
    CliRun waited = CliRun.of("--url", url, "run", "show", String.valueOf(failover), "--wait");
    assertEquals(0, waited.exitCode(), waited.out() + waited.err());
    psqlService("CREATE TABLE written_on_standby AS SELECT generate_series(1, 10) AS n");
    // The primary comes back with a damaged disk: its control file is gone.
    Files.delete(dir.resolve("primary/data/global/pg_control"));

    CliRun run = CliRun.of("--url", url, "failback", "db1-failover");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("rebuilt with a fresh copy (pg_rewind could not"), run.out());
    assertEquals("f|" + f.primary.port() + "|10", psqlService("SELECT pg_is_in_recovery(), "
        + "current_setting('port'), count(*) FROM written_on_standby"));
    long failback = f.api.get("/api/runs").get(0).path("id").asLong();
    assertTrue(Files.exists(dir.resolve("primary/data.replaced-" + failback + "/PG_VERSION")),
        "the damaged directory is kept aside, not deleted");

    // Protection resumes on the new timeline: a new baseline, collection from it, a surrogate.
    f.awaitStatus("db1", Duration.ofSeconds(180), s -> s.path("state").asText()
        .equals("collecting") && s.path("surrogateState").asText().equals("replaying"));
    f.primary.sql("CREATE TABLE after_failback AS SELECT generate_series(1, 7) AS n");
    String segment = f.primary.switchAndArchive();
    assertTrue(!segment.startsWith("00000001"), "the primary archives on a new timeline");
    f.awaitCollected("db1", segment);
    String surrogate = f.status("db1").path("surrogate").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String seen = "";
    while (!seen.equals("7") && System.nanoTime() < deadline) {
      seen = Command.run(dir, "bash", "-c", "psql '" + surrogate + "' -XAtc "
          + "'SELECT count(*) FROM after_failback' 2>/dev/null || true").strip();
      sleep(500);
    }
    assertEquals("7", seen, "the new surrogate replays what the primary writes after failback");
  }

  @Test
  void shouldRestoreATaggedPointTheSurrogateHasReplayedPast() throws Exception {
    startServer();
    f.protectWithSurrogate("db1");
    f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
    f.api.post("/api/pairs", pair());
    f.primary.sql("CREATE TABLE ledger AS SELECT generate_series(1, 100) AS n");
    CliRun tag = CliRun.of("--url", url, "tag", "add", "db1", "before-batch");
    assertEquals(0, tag.exitCode(), tag.out() + tag.err());
    String tagged = tag.out().strip().replaceAll(".* at ", "");
    CliRun again = CliRun.of("--url", url, "tag", "add", "db1", "before-batch");
    assertEquals(1, again.exitCode(), "a tag is never moved");
    assertTrue(again.err().contains("already has tag before-batch at " + tagged), again.err());

    // The bad batch, and the surrogate replaying past the tag.
    f.primary.sql("DELETE FROM ledger WHERE n > 10");
    f.archiveSegments(2);
    f.awaitStatus("db1", Duration.ofSeconds(60), s -> io.nearline.shadow.postgres.Lsn.parse(
        s.path("replayedLsn").asText()).compareTo(io.nearline.shadow.postgres.Lsn.parse(tagged))
        > 0);
    f.api.post("/api/policies", policy("db1-undo-batch", new RecoveryPoint(PointKind.TAG,
        "before-batch")));

    CliRun run = CliRun.of("--url", url, "failover", "db1-undo-batch");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("copied db1's baseline ending at"), run.out());
    assertEquals("100", Command.run(dir, "psql", "host=127.0.0.1 port=" + standbyPort
        + " user=postgres dbname=postgres", "-XAtc", "SELECT count(*) FROM ledger").strip(),
        "the standby holds the ledger as it was at the tag");
  }

  @Test
  void shouldServeClientsFromTheNearLineWhileTheStandbyIsPrepared() throws Exception {
    startServer();
    protectAndCrash(10);
    f.api.post("/api/policies", policy("db1-instant", RecoveryPoint.LATEST, true));
    CliRun started = CliRun.of("--url", url, "failover", "db1-instant", "--no-wait");
    assertEquals(0, started.exitCode(), started.out() + started.err());
    long id = Long.parseLong(started.out().strip().replace("run ", ""));

    // While the standby is prepared, clients are on the instant copy, and write there.
    awaitStep(id, "instant-serve", "FINISHED");
    String instant = psqlService("SELECT current_setting('port')");
    psqlService("CREATE TABLE written_on_instant AS SELECT generate_series(1, 500) AS n");

    CliRun run = CliRun.of("--url", url, "run", "show", String.valueOf(id), "--wait");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    System.out.println(run.out());
    assertTrue(run.out().contains("instantRtoSeconds: "), run.out());
    assertTrue(!instant.equals(String.valueOf(standbyPort)), "the instant copy has its own port");
    assertEquals("f|" + standbyPort + "|500", psqlService("SELECT pg_is_in_recovery(), "
        + "current_setting('port'), count(*) FROM written_on_instant"),
        "the standby took over everything written to the instant copy");
    assertEquals(10, mailboxesOn(STANDBY_MBX));
    f.awaitStatus("db1", Duration.ofSeconds(60),
        s -> s.path("surrogateState").asText().equals("replaying"));
    assertTrue(Files.notExists(dir.resolve("nearline/surrogates/db1/instant-" + id)),
        "the instant copy is gone");
  }

  @Test
  void shouldResumeAFailoverInterruptedByANearlineCrash() throws Exception {
    int port = Ports.free();
    url = "http://127.0.0.1:" + port;
    Path data = dir.resolve("nearline");
    Path log = dir.resolve("server.log");
    long id;
    try (ServerProcess first = ServerProcess.start(data, log, port)) {
      f.api = first.api;
      protectAndCrash(10);
      id = f.api.post("/api/policies/db1-failover/failover", Map.of()).path("id").asLong();
      awaitStep(id, "restore-data", "STARTED");
      first.kill9();
    }

    try (ServerProcess second = ServerProcess.start(data, log, port)) {
      f.api = second.api;
      CliRun run = CliRun.of("--url", url, "run", "show", String.valueOf(id), "--wait");
      assertEquals(0, run.exitCode(), run.out() + run.err() + Files.readString(log));
      System.out.println(run.out());
      assertTrue(Files.readString(log).contains("resuming recovery run " + id),
          "the restarted server resumed the run from the journal");
      int repeated = 0;
      for (JsonNode step : f.api.get("/api/runs/" + id).path("steps")) {
        repeated += step.path("attempts").asInt() > 1 ? 1 : 0;
      }
      assertEquals(1, repeated, "the step the crash cut short ran again, the others once");
      assertEquals("f|" + standbyPort,
          psqlService("SELECT pg_is_in_recovery(), current_setting('port')"));
      assertStandbyHoldsWhatTheSurrogateReplayed();
      assertEquals(10, mailboxesOn(STANDBY_MBX));
    }
  }

  private void awaitStep(long run, String step, String state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode s : f.api.get("/api/runs/" + run).path("steps")) {
        if (s.path("step").asText().equals(step) && s.path("state").asText().equals(state)) {
          return;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError(step + " of run " + run + " never " + state.toLowerCase() + ": "
        + f.api.get("/api/runs/" + run));
  }

  /** The standby holds what the surrogate replayed of the collected log, table for table. */
  private void assertStandbyHoldsWhatTheSurrogateReplayed() throws Exception {
    String surrogate = awaitReplayStill().path("surrogate").asText();
    String standby = "host=127.0.0.1 port=" + standbyPort + " user=postgres dbname=postgres";
    for (String table : List.of("pgbench_accounts", "pgbench_branches", "pgbench_tellers",
        "pgbench_history")) {
      assertEquals(SurrogateIT.checksum(surrogate, table), SurrogateIT.checksum(standby, table),
          table);
    }
  }

  /** Waits until the surrogate has replayed all that was collected: its position holds still. */
  private JsonNode awaitReplayStill() throws InterruptedException {
    String last = "";
    int still = 0;
    for (int i = 0; i < 120 && still < 5; i++) {
      JsonNode s = f.status("db1");
      String now = s.path("replayedLsn").asText();
      still = now.equals(last) ? still + 1 : 0;
      last = now;
      sleep(1000);
    }
    return f.status("db1");
  }

  static void sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }
}

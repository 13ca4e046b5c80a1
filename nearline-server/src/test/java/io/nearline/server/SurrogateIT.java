package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.shadow.postgres.Lsn;
import io.nearline.testkit.Command;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A surrogate seeded from a real primary and kept current by replaying the collected WAL. */
class SurrogateIT {
  private static final List<String> TABLES =
      List.of("pgbench_accounts", "pgbench_branches", "pgbench_tellers", "pgbench_history");

  @RegisterExtension final NearlineFixture f = NearlineFixture.withServer().withPgbench(2);

  private JsonNode awaitReplaying() {
    return f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
  }

  /** Waits until the surrogate has replayed at least {@code lsn}. */
  private JsonNode awaitReplayed(Lsn lsn) {
    return f.awaitStatus("db1", Duration.ofSeconds(120), s -> !s.path("replayedLsn").isNull()
        && Lsn.parse(s.path("replayedLsn").asText()).compareTo(lsn) >= 0);
  }

  @Test
  void shouldReplayUnderLoadToTheSameDataAndAnswerReadOnlyQueries() throws Exception {
    f.protectWithSurrogate("db1");
    JsonNode s = awaitReplaying();
    String surrogate = s.path("surrogate").asText();

    Process load = f.primary.pgbench(2, 8);
    f.archiveSegments(1);
    // Read-only queries work while it replays; writes are refused.
    assertTrue(count(surrogate, "pgbench_accounts") >= 200_000);
    SQLException e = assertThrows(SQLException.class,
        () -> query(surrogate, "CREATE TABLE nope (x int)"));
    assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    load.waitFor();

    Lsn end = Lsn.parse(f.primary.sql("SELECT pg_current_wal_lsn()"));
    f.primary.switchAndArchive();
    s = awaitReplayed(end);
    for (String table : TABLES) {
      assertEquals(checksum(f.primary.connectionString(), table), checksum(surrogate, table), table);
    }
    assertNotNull(s.path("replayedAt").asText(null), "last replayed commit time");
    assertTrue(s.path("rpoSeconds").asDouble() < 60, s.toString());
    assertTrue(f.status("db1").path("consistencyPoint").has("position"),
        "a consistency point is recorded");
    String metrics = f.api.getText("/metrics");
    CollectionIT.assertMetric(metrics, "nearline_surrogate_rpo_seconds\\{server=\"db1\",?} [0-9.E]+");
    CollectionIT.assertMetric(metrics, "nearline_surrogate_up\\{server=\"db1\",?} 1\\.0");
    Path baselines = f.dir.resolve("nearline/store/db1/baselines");
    try (Stream<Path> files = Files.walk(baselines)) {
      assertEquals(2, files.filter(p -> p.getFileName().toString().matches(
          "base\\.tar\\.zst|backup_manifest")).count(), "baseline kept compressed with its manifest");
    }
  }

  @Test
  void shouldNotCallTheFirstSegmentAfterAQuietSpellAStall() throws Exception {
    f.protectWithSurrogate("db1");
    awaitReplaying();
    Thread.sleep(5000); // quiet for longer than the fixture's stall window (4 s)
    // Replay is kept from the new segment for less than the window: not a stall.
    String startup = recoveryProcess();
    Command.run(f.dir, "kill", "-STOP", startup);
    Lsn now = Lsn.parse(f.primary.sql("SELECT pg_current_wal_lsn()"));
    try {
      f.awaitCollected("db1", f.archiveSegments(1).get(0));
      Thread.sleep(2000);
    } finally {
      Command.run(f.dir, "kill", "-CONT", startup);
    }
    awaitReplayed(now);
    String events = f.api.get("/api/servers/db1/events?limit=50").toString();
    assertFalse(events.contains("has not advanced"), events);
  }

  @Test
  void shouldRestartTheSurrogateWhenItStops() throws Exception {
    f.protectWithSurrogate("db1");
    awaitReplaying();
    stopSurrogate("immediate");
    f.awaitStatus("db1", Duration.ofSeconds(30), s -> s.path("surrogateState").asText().equals("starting"));
    awaitReplaying();
    Lsn now = Lsn.parse(f.primary.sql("SELECT pg_current_wal_lsn()"));
    f.archiveSegments(1);
    awaitReplayed(now);
  }

  @Test
  void shouldReportAStalledReplayQuotingTheSurrogatesLog() throws Exception {
    f.protectWithSurrogate("db1");
    awaitReplaying();
    // Freeze recovery, let new segments be collected, damage them in the store, thaw: the
    // surrogate's fetch now fails, which to PostgreSQL looks just like "not there yet". (A
    // fetch under way when it froze, or a segment it had asked for too early and which was
    // staged as it was collected, may still bring the first one in whole: replay then advances
    // after the last collection and stops in front of the second.) Six more are collected
    // before the thaw: the last few files committed (64 MiB) are served from memory, and the
    // damaged ones must have left it. A fetch held open when replay froze ends first (3 s).
    String startup = recoveryProcess();
    Command.run(f.dir, "kill", "-STOP", startup);
    Thread.sleep(4000);
    List<String> fresh = f.archiveSegments(2);
    f.awaitCollected("db1", fresh.get(1));
    for (String name : fresh) {
      Path p = f.dir.resolve("nearline/store/db1/" + name + ".zst");
      byte[] b = Files.readAllBytes(p);
      b[b.length / 2] ^= 0x55;
      Files.write(p, b);
    }
    f.awaitCollected("db1", f.archiveSegments(6).get(5));
    Command.run(f.dir, "kill", "-CONT", startup);
    f.archiveSegments(1); // newer log keeps arriving

    JsonNode s = f.awaitStatus("db1", Duration.ofSeconds(60),
        x -> x.path("surrogateState").asText().equals("stalled")
            && x.path("surrogateError").asText().contains("nearline wal-fetch"));
    String error = s.path("surrogateError").asText();
    assertTrue(error.contains("replay has not advanced"), error);
    assertTrue(error.contains("nearline wal-fetch") && fresh.stream().anyMatch(error::contains),
        "quotes the surrogate's log: " + error);
    assertTrue(f.api.getText("/metrics").contains("nearline_store_damaged_reads_total"));
  }

  @Test
  void shouldFollowATimelineSwitchWhenAStandbyOfThePrimaryIsPromoted() throws Exception {
    f.protectWithSurrogate("db1");
    awaitReplaying();
    try (PostgresPrimary promoted = f.primary.startStandby(f.dir.resolve("standby"))) {
      f.primary.sql("CREATE TABLE before_switch AS SELECT 1 AS x");
      Lsn written = Lsn.parse(f.primary.sql("SELECT pg_current_wal_lsn()"));
      while (Lsn.parse(promoted.sql("SELECT pg_last_wal_replay_lsn()")).compareTo(written) < 0) {
        Thread.sleep(100);
      }
      f.primary.stop();
      promoted.promote();
      promoted.sql("CREATE TABLE after_switch AS SELECT 2 AS x");
      Lsn end = Lsn.parse(promoted.sql("SELECT pg_current_wal_lsn()"));
      promoted.switchAndArchive();
      promoted.awaitArchived("00000002.history", Duration.ofSeconds(30));

      awaitReplayed(end);
      String surrogate = f.status("db1").path("surrogate").asText();
      assertEquals("2", query(surrogate, "SELECT x FROM after_switch"));
      assertEquals("1", query(surrogate, "SELECT x FROM before_switch"));
      String last = f.status("db1").path("lastSegment").asText();
      assertTrue(last.startsWith("00000002"), "collection followed onto timeline 2: " + last);
    }
  }

  @Test
  void shouldAskAgainSoonForASegmentNotCollectedYet() throws Exception {
    f.protectWithSurrogate("db1");
    String surrogate = awaitReplaying().path("surrogate").asText();
    // PostgreSQL's 5 s default was most of the surrogate's RPO under load (docs/benchmarks.md).
    assertEquals("500ms", query(surrogate, "SHOW wal_retrieve_retry_interval"));
  }

  @Test
  void shouldStopEverythingOfARemovedServerBeforeTheCommandReturns() throws Exception {
    f.protectWithSurrogate("db1");
    String surrogate = awaitReplaying().path("surrogate").asText();
    assertTrue(nearlineConnectionsWithin(Duration.ofSeconds(10), n -> n > 0), "watched");

    CliRun removed = f.cli("remove", "db1",
        "--yes");

    assertEquals(0, removed.exitCode(), removed.err());
    // A closed connection's backend needs a moment to leave pg_stat_activity; a kept one never does.
    assertTrue(nearlineConnectionsWithin(Duration.ofSeconds(2), n -> n == 0),
        "Nearline's connections to the removed primary are closed");
    assertThrows(SQLException.class, () -> query(surrogate, "SELECT 1"), "surrogate stopped");
    assertTrue(Files.notExists(f.dir.resolve("nearline/surrogates/db1")), "surrogate deleted");
    Thread.sleep(1500); // the watch's next rounds must not reopen it
    assertEquals(0, nearlineConnections());
  }

  private long nearlineConnections() {
    return Long.parseLong(f.primary.sql("SELECT count(*) FROM pg_stat_activity "
        + "WHERE application_name LIKE 'nearline%'").trim());
  }

  private boolean nearlineConnectionsWithin(Duration limit, LongPredicate wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!wanted.test(nearlineConnections())) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** The PID of the surrogate's startup process, the one replaying WAL. */
  private String recoveryProcess() throws Exception {
    Path data = f.dir.resolve("nearline/surrogates/db1/replica/data");
    String postmaster = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
    return Command.run(f.dir, "pgrep", "-P", postmaster, "-f", "startup").trim();
  }

  private void stopSurrogate(String mode) {
    Path data = f.dir.resolve("nearline/surrogates/db1/replica/data");
    Command.run(f.dir, "runuser", "-u", UnprivilegedUser.name(), "--",
        PostgresPrimary.BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "stop");
  }

  static String checksum(String conn, String table) throws SQLException {
    return query(conn, "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM "
        + table + " t");
  }

  private static long count(String conn, String table) throws SQLException {
    return Long.parseLong(query(conn, "SELECT count(*) FROM " + table));
  }

  static String query(String libpq, String sql) throws SQLException {
    var kw = io.nearline.shadow.postgres.ConnectionString.parse(libpq).keywords();
    Properties p = new Properties();
    p.setProperty("user", kw.getOrDefault("user", "postgres"));
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
        + kw.get("port") + "/" + kw.getOrDefault("dbname", "postgres"), p);
         ResultSet r = c.createStatement().executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }
}

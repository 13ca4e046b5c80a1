package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.server.cli.ApiClient;
import io.nearline.shadow.postgres.Lsn;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots of a real primary's past, opened from kept baselines and the collected WAL. One
 * world for the class: each test adds history to the same primary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotIT {
  @RegisterExtension static final NearlineFixture f = NearlineFixture.withServer().withPgbench(1)
      .withPrimarySettings("track_commit_timestamp = on").perClass();

  @BeforeAll
  static void protect() {
    f.protectWithSurrogate("db1");
    f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
  }

  @Test
  @Order(1)
  void shouldHoldExactlyTheTransactionsCommittedBeforeATimeInTheMiddleOfAPgbenchRun()
      throws Exception {
    Process load = f.primary.pgbench(2, 8);
    Thread.sleep(4000);
    Instant middle = Instant.parse(f.primary.sql("SELECT to_char(clock_timestamp() AT TIME "
        + "ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
    load.waitFor();
    collectEverything();

    CliRun open = f.cli("snapshot", "open", "db1", "--time", middle.toString());
    assertEquals(0, open.exitCode(), open.out() + open.err());
    assertTrue(open.out().contains("connect: psql"), open.out());
    JsonNode s = latestSnapshot();
    assertEquals("OPEN", s.path("state").asText(), s.toString());
    String snapshot = s.path("connection").asText();

    // Exactly what had committed by then, by the primary's own commit timestamps...
    String committed = " FROM pgbench_history WHERE pg_xact_commit_timestamp(xmin) <= '"
        + middle + "'";
    assertEquals(f.primary.sql("SELECT count(*) || '/' || coalesce(sum(delta), 0)" + committed),
        query(snapshot, "SELECT count(*) || '/' || coalesce(sum(delta), 0) FROM "
            + "pgbench_history"));
    long held = Long.parseLong(query(snapshot, "SELECT count(*) FROM pgbench_history"));
    long total = Long.parseLong(f.primary.sql("SELECT count(*) FROM pgbench_history"));
    assertTrue(held > 0 && held < total, held + " of " + total + " rows: a point in the middle");
    // ...and by mtime (a transaction's start): none began after the point.
    assertEquals("0", query(snapshot, "SELECT count(*) FROM pgbench_history WHERE mtime > '"
        + middle + "'"));
    assertTrue(held >= Long.parseLong(f.primary.sql("SELECT count(*) FROM pgbench_history "
        + "WHERE mtime < timestamptz '" + middle + "' - interval '1 second'")));
    SQLException e = assertThrows(SQLException.class,
        () -> query(snapshot, "CREATE TABLE nope (x int)"));
    assertTrue(e.getMessage().contains("read-only"), e.getMessage());

    // Item-level restore: the rows of one branch, as they were, into the primary anew.
    CliRun item = f.cli("snapshot", "restore-item", s.path("id").asText(), "--table",
        "public.pgbench_history", "--where", "bid = 1", "--as", "history_then");
    assertEquals(0, item.exitCode(), item.out() + item.err());
    String rows = query(snapshot, "SELECT count(*) FROM pgbench_history WHERE bid = 1");
    assertTrue(item.out().startsWith(rows + " rows of public.pgbench_history at time "
        + middle), item.out());
    assertEquals(query(snapshot, "SELECT count(*) || '/' || sum(delta) FROM pgbench_history "
        + "WHERE bid = 1"), f.primary.sql("SELECT count(*) || '/' || sum(delta) FROM "
        + "history_then"));
    CliRun taken = f.cli("snapshot", "restore-item", s.path("id").asText(), "--table",
        "public.pgbench_history", "--as", "history_then");
    assertEquals(1, taken.exitCode());
    assertTrue(taken.err().contains("already exists") && taken.err().contains("nothing was "
        + "created"), taken.err());

    JsonNode dropped = f.api.delete("/api/snapshots/" + s.path("id").asLong());
    assertEquals("DROPPED", dropped.path("state").asText());
    assertThrows(SQLException.class, () -> query(snapshot, "SELECT 1"));
  }

  @Test
  @Order(2)
  void shouldRefuseAPointOutsideWhatCanBeOpenedNamingTheRange() {
    ApiClient.ApiException later = assertThrows(ApiClient.ApiException.class, () -> open(
        Map.of("time", Instant.now().plus(Duration.ofDays(1)).toString())));
    assertTrue(later.getMessage().contains("can be opened from"), later.getMessage());
    ApiClient.ApiException earlier = assertThrows(ApiClient.ApiException.class, () -> open(
        Map.of("time", "2001-01-01T00:00:00Z")));
    assertTrue(earlier.getMessage().contains("before the oldest kept baseline")
        && earlier.getMessage().contains("can be opened from"), earlier.getMessage());
    ApiClient.ApiException two = assertThrows(ApiClient.ApiException.class, () -> open(
        Map.of("time", Instant.now().toString(), "lsn", "0/0")));
    assertTrue(two.getMessage().contains("exactly one point"), two.getMessage());
    ApiClient.ApiException tag = assertThrows(ApiClient.ApiException.class, () -> open(
        Map.of("tag", "no-such-tag")));
    assertTrue(tag.getMessage().contains("has no tag"), tag.getMessage());
  }

  @Test
  @Order(3)
  void shouldOpenSeveralAtOnceFromASyntheticBaselineAndDropThemWhenTheirTimeRunsOut()
      throws Exception {
    f.primary.sql("CREATE TABLE audit_a AS SELECT 1 AS x");
    f.api.post("/api/servers/db1/tags", Map.of("tag", "before-b"));
    collectEverything();
    JsonNode baseline = f.api.post("/api/servers/db1/baselines", Map.of());
    assertEquals("SURROGATE", baseline.path("takenFrom").asText(), baseline.toString());
    f.primary.sql("CREATE TABLE audit_b AS SELECT 2 AS x");
    f.api.post("/api/servers/db1/tags", Map.of("tag", "after-b"));
    collectEverything();

    long before = open(Map.of("tag", "before-b")).path("id").asLong();
    long after = open(Map.of("tag", "after-b", "ttl", "PT3S")).path("id").asLong();
    JsonNode a = awaitState(before, "OPEN");
    JsonNode b = awaitState(after, "OPEN");
    assertNotEquals(a.path("port").asInt(), b.path("port").asInt());
    assertEquals(baseline.path("end").asText(), b.path("baseline").asText(),
        "a point after the synthetic baseline starts from it");
    assertEquals("1", query(a.path("connection").asText(), "SELECT count(*) FROM pg_tables "
        + "WHERE tablename IN ('audit_a', 'audit_b')"));
    assertEquals("2", query(b.path("connection").asText(), "SELECT count(*) FROM pg_tables "
        + "WHERE tablename IN ('audit_a', 'audit_b')"));

    JsonNode expired = awaitState(after, "DROPPED");
    assertTrue(expired.path("detail").asText().contains("time ran out"), expired.toString());
    assertEquals("OPEN", f.api.get("/api/snapshots/" + before).path("state").asText());
    f.api.delete("/api/snapshots/" + before);
  }

  @Test
  @Order(4)
  void shouldKeepWhatRetentionPromisesMonthsLaterAndOpenEveryKeptPoint() throws Exception {
    JsonNode s2 = baselineAfterCheckpoint();
    f.primary.sql("CREATE TABLE audit_c AS SELECT 3 AS x");
    String held = f.primary.sql("SELECT pg_current_wal_insert_lsn()");
    JsonNode hold = f.api.post("/api/servers/db1/holds", Map.of("lsn", held, "reason",
        "case 7"));
    f.primary.sql("CREATE TABLE audit_d AS SELECT 4 AS x");
    JsonNode s3 = baselineAfterCheckpoint();
    JsonNode s4 = baselineAfterCheckpoint();
    f.api.post("/api/servers/db1/retention", Map.of("allLogFor", "PT1H", "daily", 3,
        "weekly", 0, "monthly", 0, "yearly", 0));
    f.clock.moveAhead(Duration.ofDays(40));

    JsonNode plan = f.api.get("/api/servers/db1/retention/plan");
    String reasons = plan.path("keptPoints").toString();
    assertTrue(reasons.contains("tag before-b") && reasons.contains("tag after-b")
        && reasons.contains("legal hold " + hold.path("id").asText() + ": case 7")
        && reasons.contains("every log file for 1h"), reasons);
    assertEquals(List.of(s3.path("id").asLong()), ids(plan.path("removedBaselines")),
        "only the baseline no promise needs goes");
    JsonNode run = f.api.post("/api/servers/db1/retention/run", Map.of());
    assertEquals(plan.path("removedFiles").asInt(), run.path("removedFiles").asInt());
    assertTrue(run.path("removedFiles").asInt() > 0, run.toString());
    assertFalse(baselineIds().contains(s3.path("id").asLong()));

    for (JsonNode k : run.path("keptPoints")) {
      long id = open(Map.of("lsn", k.path("point").asText())).path("id").asLong();
      awaitState(id, "OPEN");
      f.api.delete("/api/snapshots/" + id);
    }

    assertTrue(baselineIds().contains(s2.path("id").asLong()), "the held point's baseline");
    f.api.post("/api/holds/" + hold.path("id").asLong() + "/lift", Map.of());
    f.api.post("/api/servers/db1/retention/run", Map.of());
    assertFalse(baselineIds().contains(s2.path("id").asLong()), "gone once the hold is lifted");
    assertTrue(baselineIds().contains(s4.path("id").asLong()));
    assertTrue(f.api.get("/api/servers/db1/events?limit=50").toString()
        .contains("legal hold " + hold.path("id").asText() + " on lsn " + held + " lifted"));
    String audit = f.api.get("/api/audit").toString();
    assertTrue(audit.contains("/api/servers/db1/holds") && audit.contains("/lift"), audit);
  }

  @Test
  @Order(5)
  void shouldNameThePointsThatNeedASegmentDamagedInTheStore() throws Exception {
    JsonNode clean = f.api.post("/api/servers/db1/restorability/check", Map.of());
    assertEquals(0, clean.path("redPoints").asInt(), clean.toString());
    assertTrue(clean.path("points").asInt() >= 3, clean.toString());
    JsonNode point = clean.path("results").get(0);
    String damaged = firstFileOf(point);
    java.nio.file.Path stored = f.dir.resolve("nearline/store/db1/" + damaged + ".zst");
    byte[] b = java.nio.file.Files.readAllBytes(stored);
    b[b.length / 2] ^= 0x55;
    java.nio.file.Files.write(stored, b);

    JsonNode red = f.api.post("/api/servers/db1/restorability/check", Map.of());
    assertTrue(red.path("redPoints").asInt() >= 1, red.toString());
    for (JsonNode p : red.path("results")) {
      boolean needsIt = p.path("problems").toString().contains(damaged + " is damaged");
      assertEquals(!p.path("problems").isEmpty(), needsIt, p.toString());
    }
    assertTrue(red.path("results").toString().contains(point.path("point").asText()));
    JsonNode status = f.status("db1").path("restorability");
    assertTrue(status.path("redPoints").toString().contains(point.path("point").asText()),
        status.toString());
    CollectionIT.assertMetric(f.api.getText("/metrics"),
        "nearline_points_red\\{server=\"db1\",?} [1-9][0-9.E]*");
    assertTrue(f.api.get("/api/servers/db1/events?limit=20").toString()
        .contains("kept points cannot be restored"));
  }

  /** The first log file a checked point needs, as its problems would name it. */
  private static String firstFileOf(JsonNode point) {
    long baseline = point.path("baselineId").asLong();
    for (JsonNode k : f.api.get("/api/servers/db1/retention/plan").path("keptPoints")) {
      if (k.path("baselineId").asLong() == baseline) {
        return k.path("firstFile").asText();
      }
    }
    throw new AssertionError("no kept point on baseline " + baseline);
  }

  /** A checkpoint on the primary first, so the surrogate's copy starts at a point of its own. */
  private static JsonNode baselineAfterCheckpoint() {
    f.primary.sql("CHECKPOINT");
    collectEverything();
    return f.api.post("/api/servers/db1/baselines", Map.of());
  }

  private static List<Long> baselineIds() {
    return ids(f.api.get("/api/servers/db1/baselines"));
  }

  private static List<Long> ids(JsonNode array) {
    List<Long> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.path("id").asLong()));
    return out;
  }

  private static JsonNode open(Map<String, String> body) {
    return f.api.post("/api/servers/db1/snapshots", body);
  }

  private static JsonNode latestSnapshot() {
    return f.api.get("/api/snapshots?server=db1").get(0);
  }

  private static JsonNode awaitState(long id, String state) throws InterruptedException {
    JsonNode s = f.api.get("/api/snapshots/" + id);
    for (int i = 0; i < 600 && !state.equals(s.path("state").asText()); i++) {
      JsonNode seen = s;
      assertNotEquals("FAILED", s.path("state").asText(), () -> seen + "\n" + keptLog(id));
      Thread.sleep(100);
      s = f.api.get("/api/snapshots/" + id);
    }
    assertEquals(state, s.path("state").asText(), s.toString());
    return s;
  }

  private static String keptLog(long id) {
    try {
      return java.nio.file.Files.readString(f.dir.resolve("nearline/snapshots/" + id + ".log"));
    } catch (java.io.IOException e) {
      return "(no log kept: " + e + ")";
    }
  }

  /** Archives what the primary wrote and waits until the surrogate has replayed it. */
  private static void collectEverything() {
    Lsn end = Lsn.parse(f.primary.sql("SELECT pg_current_wal_lsn()"));
    f.primary.switchAndArchive();
    f.awaitStatus("db1", Duration.ofSeconds(120), s -> !s.path("replayedLsn").isNull()
        && Lsn.parse(s.path("replayedLsn").asText()).compareTo(end) >= 0);
  }

  private static String query(String connection, String sql) throws SQLException {
    Map<String, String> kv = new java.util.HashMap<>();
    for (String part : connection.split(" ")) {
      String[] p = part.split("=", 2);
      kv.put(p[0], p[1]);
    }
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + kv.get("host") + ":"
        + kv.get("port") + "/" + kv.get("dbname") + "?user=" + kv.get("user"));
         Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}

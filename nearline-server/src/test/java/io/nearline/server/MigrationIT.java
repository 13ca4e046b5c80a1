package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.json.Json;
import io.nearline.recovery.AccessKind;
import io.nearline.recovery.Standby;
import io.nearline.recovery.migration.MigrationPath;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.recovery.migration.MigrationProtection;
import io.nearline.testkit.Command;
import io.nearline.testkit.NewerPostgres;
import io.nearline.testkit.Ports;
import io.nearline.testkit.SambaServer;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A PostgreSQL 15 primary moved to 17 against real servers: the pre-flight check, a cutover
 * under pgbench load by logical replication, cut short by kill -9 of Nearline and resumed from
 * the journal, clients re-homed through their service entry, and a rollback that brings the
 * writes made on 17 back to 15. The tests build on one another, and share one Nearline in a JVM
 * of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationIT {
  @RegisterExtension
  static final FailoverWorld world = FailoverWorld.perClass("wal_level = logical");

  private static int targetPort;
  private static ServerProcess nearline;
  private static Browser browser;
  private static final String CONSOLE_PASSWORD = "correct-horse-battery";

  private String sql(int port, String sql) {
    return Command.run(world.dir, "psql", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U",
        "postgres", "-XAtq", "-v", "ON_ERROR_STOP=1", "-d", "postgres", "-c", sql).strip();
  }

  private String old(String sql) {
    return sql(world.f.primary.port(), sql);
  }

  @Test
  @Order(1)
  void shouldGoRedOnATableWithoutAPrimaryKeyAndRefuseTheCutover() throws Exception {
    startNearline();
    world.f.protectWithSurrogate("db1");
    world.f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
    assertEquals(0, world.cli("pair", "add", json("pair.json", world.pair())).exitCode());
    assertEquals(0, world.cli("policy", "add", json("policy.json", world.policy()))
        .exitCode());
    Path data = world.dir.resolve("v17/data");
    Files.createDirectories(data.getParent());
    UnprivilegedUser.own(data.getParent());
    targetPort = Ports.free();
    Standby target = new Standby("db1-v17", AccessKind.LOCAL, null, 22, null, null,
        UnprivilegedUser.NAME, "127.0.0.1", false, world.url, Map.of("pgBin",
            NewerPostgres.bin().toString(), "dataDirectory", data.toString(), "pgPort",
            targetPort));
    // The new version archives into a share of its own, from which it is protected afterwards.
    Path archive = world.dir.resolve("v17/archive");
    Files.createDirectories(archive);
    UnprivilegedUser.own(archive);
    world.f.samba.share("archive17", archive).restart();
    Path password = world.dir.resolve("smb17.password");
    Files.writeString(password, NearlineFixture.SMB_PASSWORD + "\n");
    MigrationProtection protection = new MigrationProtection("db1-v17",
        world.f.samba.url("archive17"), SambaServer.USER, password.toString(),
        "host=127.0.0.1 port=" + targetPort + " user=postgres dbname=postgres",
        "test ! -f " + archive + "/%f && cp %p " + archive + "/.%f.tmp && mv " + archive
            + "/.%f.tmp " + archive + "/%f", true);
    CliRun plan = world.cli("migration", "plan", json("migration.json",
        new MigrationPlan("db1", target, world.policy().name(), null, protection, null,
            null)));
    assertEquals(0, plan.exitCode(), plan.err());

    CliRun check = world.cli("migration", "check", "db1");
    assertEquals(1, check.exitCode(), check.out());
    assertTrue(check.out().contains("FAIL  primary keys: postgres: no primary key or replica "
        + "identity: public.pgbench_history"), check.out());
    assertTrue(check.out().contains("REPLICA IDENTITY FULL"), check.out());
    assertTrue(check.out().contains("ok    new version: postgres (PostgreSQL) 17"),
        check.out());
    CliRun refused = world.cli("migration", "cutover", "db1");
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().contains("pre-flight check of db1 failed"), refused.err());
    // The console's migration page shows the same check, and refuses the cutover's preview.
    Browser b = console();
    b.go("/migrations/db1");
    b.assertAccessible();
    b.press("Run the pre-flight check");
    assertTrue(b.text().contains("Pre-flight check: failed") && b.text().contains("no primary "
        + "key or replica identity: public.pgbench_history"), b.text());
    b.assertAccessible();
    b.screenshot("migration-check");
    b.press("Plan the cutover");
    assertTrue(b.text().contains("pre-flight check of db1 failed"), b.text());
    assertEquals("planned", world.f.api.get("/api/servers/db1/migration").path("state")
        .asText());
  }

  @Test
  @Order(2)
  void shouldRehearseOnACloneWithoutTouchingThePrimary() throws Exception {
    // A key of its own, from a sequence: keys made on 17 must follow those made on 15.
    old("ALTER TABLE pgbench_history ADD COLUMN id bigserial PRIMARY KEY");
    CliRun check = world.cli("migration", "check", "db1");
    assertEquals(0, check.exitCode(), check.out());
    String before = old("SELECT count(*) FROM pgbench_history");

    CliRun rehearsal = world.cli("migration", "rehearse", "db1");
    assertEquals(0, rehearsal.exitCode(), rehearsal.out() + rehearsal.err());
    assertTrue(rehearsal.out().contains(": passed"), rehearsal.out());
    assertTrue(rehearsal.out().contains("expectedWriteDowntimeSeconds"), rehearsal.out());
    assertTrue(rehearsal.out().contains("tablesVerified: 4"), rehearsal.out());
    System.out.println(rehearsal.out());

    // The primary saw no write, no publication and no slot; the new cluster is gone again.
    assertEquals(before, old("SELECT count(*) FROM pgbench_history"));
    assertEquals("0|0", old("SELECT (SELECT count(*) FROM pg_publication), (SELECT count(*) "
        + "FROM pg_replication_slots)"));
    assertTrue(!Files.exists(world.dir.resolve("v17/data")), "the rehearsal's cluster is gone");
    Path pdf = world.dir.resolve("rehearsal.pdf");
    assertEquals(0, world.cli("migration", "report", "db1", "--format", "pdf", "-o",
        pdf.toString()).exitCode());
    assertTrue(Files.readString(pdf, java.nio.charset.StandardCharsets.ISO_8859_1)
        .startsWith("%PDF"));
    CliRun html = world.cli("migration", "report", "db1");
    assertTrue(html.out().contains("Nearline migration rehearsal report")
        && html.out().contains("expectedWriteDowntimeSeconds"), html.out());
  }

  @Test
  @Order(3)
  void shouldCutOverUnderLoadLosingNoWriteAndCarryingSequences() throws Exception {

    Process load = world.f.primary.pgbench(2, 60);
    Thread.sleep(2000);
    long run = world.f.api.post("/api/servers/db1/migration/cutover", Map.of()).path("id")
        .asLong();
    world.awaitStep(run, "migrate-copy", "STARTED");
    nearline.kill9();
    startNearline();
    CliRun resumed = world.cli("run", "show", String.valueOf(run), "--wait");
    load.waitFor();
    assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
    assertTrue(Files.readString(world.dir.resolve("server.log")).contains("resuming recovery "
        + "run " + run), "the restarted server resumed the cutover from the journal");
    CliRun shown = world.cli("migration", "show", "db1");
    assertTrue(shown.out().contains("migrated"), shown.out());
    assertTrue(shown.out().contains("writeDowntimeSeconds"), shown.out());
    System.out.println(shown.out());

    // Every row committed on 15 before writes stopped is on 17, and nothing else.
    String onOld = old("SELECT count(*), sum(abalance), max(id) FROM pgbench_history JOIN "
        + "pgbench_accounts USING (aid)");
    assertEquals(onOld, sql(targetPort, "SELECT count(*), sum(abalance), max(id) FROM "
        + "pgbench_history JOIN pgbench_accounts USING (aid)"));
    assertTrue(Long.parseLong(old("SELECT count(*) FROM pgbench_history")) > 0);
    // Writes are refused on 15 from the cutover on.
    RuntimeException refused = assertThrows(RuntimeException.class, () -> old("INSERT INTO "
        + "pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 1, now())"));
    assertTrue(refused.getMessage().contains("read-only transaction"), refused.getMessage());

    // Clients reach 17 through their service entry, and new keys follow the old ones.
    assertTrue(world.psqlService("SHOW server_version").startsWith("17."));
    long maxOld = Long.parseLong(old("SELECT max(id) FROM pgbench_history"));
    long next = Long.parseLong(world.psqlService("INSERT INTO pgbench_history (tid, bid, aid, "
        + "delta, mtime) VALUES (1, 1, 1, 1, now()) RETURNING id").lines().findFirst()
        .orElseThrow());
    assertTrue(next > maxOld, next + " after " + maxOld);

    // The new version is protected like any primary: its archive is collected.
    JsonNode view = awaitMigration(v -> v.path("protectedAs").asText().equals("db1-v17"));
    sql(targetPort, "SELECT pg_switch_wal()");
    world.f.awaitStatus("db1-v17", Duration.ofSeconds(60),
        s -> !s.path("lastSegment").asText().isEmpty());
    // Its surrogate runs 17, from a baseline of its own, and replays the writes made on 17.
    JsonNode surrogate = world.f.awaitStatus("db1-v17", Duration.ofSeconds(180),
        s -> s.path("surrogateState").asText().equals("replaying"));
    int surrogatePort = Integer.parseInt(surrogate.path("surrogate").asText()
        .replaceAll(".*port=(\\d+).*", "$1"));
    assertTrue(sql(surrogatePort, "SHOW server_version").startsWith("17."));
    long later = Long.parseLong(world.psqlService("INSERT INTO pgbench_history (tid, bid, aid, "
        + "delta, mtime) VALUES (1, 1, 1, 1, now()) RETURNING id").lines().findFirst()
        .orElseThrow());
    sql(targetPort, "SELECT pg_switch_wal()");
    awaitTrue(() -> sql(surrogatePort, "SELECT count(*) FROM pgbench_history WHERE id = "
        + later).equals("1"), "the surrogate of 17 replays a write made on 17 after its start");

    assertEquals("migrated", view.path("state").asText());
    // Every migration answer is as the API describes it.
    assertTrue(io.nearline.server.api.DescribedAnswers.check(world.url, world.adminToken(),
        Map.of("server", "db1")) >= 2);
    // The status shows the migration, on the command line and on the console's status page.
    CliRun status = world.cli("status");
    assertTrue(status.out().contains("migration of db1 to db1-v17") && status.out().contains(
        "db1-v17 (/") && status.out().contains("): migrated"), status.out());
    String page = new String(world.f.api.getBytes("/"), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(page.contains("Version migrations") && page.contains("migrated; a rollback "
        + "loses no write until"), page);
    assertTrue(view.path("rollbackUntil").asText().length() > 0, view.toString());
    assertEquals("4", view.path("figures").path("tablesVerified").asText(), view.toString());
    assertTrue(Integer.parseInt(view.path("figures").path("sequencesCarried").asText()) >= 1,
        view.toString());
  }

  @Test
  @Order(4)
  void shouldRollBackWithTheWritesMadeOnTheNewVersion() throws Exception {
    world.psqlService("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) SELECT 2, 1, "
        + "g, 7, now() FROM generate_series(1, 50) g");
    world.psqlService("UPDATE pgbench_accounts SET abalance = abalance + 7 WHERE aid <= 50");
    String onNew = sql(targetPort, "SELECT count(*), sum(abalance), max(id) FROM "
        + "pgbench_history JOIN pgbench_accounts USING (aid)");

    CliRun rollback = world.cli("migration", "rollback", "db1");
    assertEquals(0, rollback.exitCode(), rollback.out() + rollback.err());

    assertEquals(onNew, old("SELECT count(*), sum(abalance), max(id) FROM pgbench_history JOIN "
        + "pgbench_accounts USING (aid)"));
    assertTrue(world.psqlService("SHOW server_version").startsWith("15."));
    long next = Long.parseLong(world.psqlService("INSERT INTO pgbench_history (tid, bid, aid, "
        + "delta, mtime) VALUES (1, 1, 1, 1, now()) RETURNING id").lines().findFirst()
        .orElseThrow());
    assertTrue(next > Long.parseLong(onNew.split("\\|")[2]), "keys made on 17 are not reused");
    JsonNode view = awaitMigration(v -> v.path("protectedAs").isNull());
    assertEquals("rolled-back", view.path("state").asText());
    assertEquals(0, world.f.api.get("/api/servers").findValues("name").stream()
        .filter(n -> n.asText().equals("db1-v17")).count(), "the new version is unprotected");
  }

  @Test
  @Order(5)
  void shouldCutOverAndBackOnTheDumpPathWithWhatLogicalReplicationCannotCarry()
      throws Exception {
    old("CREATE TABLE audit_note (note text)");
    old("INSERT INTO audit_note SELECT 'note ' || g FROM generate_series(1, 100) g");
    old("CREATE UNLOGGED TABLE session_cache (k int PRIMARY KEY, v text)");
    old("INSERT INTO session_cache VALUES (1, 'from 15')");
    String object = old("SELECT lo_from_bytea(0, 'scanned contract')");
    CliRun logical = world.cli("migration", "check", "db1");
    assertEquals(1, logical.exitCode(), logical.out());
    assertTrue(logical.out().contains("FAIL  large objects: postgres: 1 large object(s)")
        && logical.out().contains("or plan the dump path"), logical.out());

    MigrationPlan plan = Json.read(world.f.api.get("/api/servers/db1/migration").path("plan")
        .toString(), MigrationPlan.class);
    CliRun replanned = world.cli("migration", "plan", json("migration-dump.json",
        new MigrationPlan(plan.server(), plan.target(), plan.policy(), null, plan.protectAs(),
            null, MigrationPath.DUMP)));
    assertEquals(0, replanned.exitCode(), replanned.err());
    CliRun check = world.cli("migration", "check", "db1");
    assertEquals(0, check.exitCode(), check.out());
    assertTrue(check.out().contains("ok    path: dump: every database copied whole")
        && check.out().contains("public.audit_note: copied whole, and back whole by a "
        + "rollback"), check.out());

    // Cut over from the console: the preview lists the dump, and the confirmation starts it.
    Browser b = console();
    b.go("/migrations/db1");
    b.press("Plan the cutover");
    assertTrue(b.text().contains("data-copy") && b.text().contains("This is a plan"),
        b.text());
    b.assertAccessible();
    b.screenshot("migration-cutover-plan");
    b.press("Cut db1 over to the new version now");
    String run = b.path().substring("/runs/".length());
    CliRun cutover = world.cli("run", "show", run, "--wait");
    assertEquals(0, cutover.exitCode(), cutover.out() + cutover.err());
    b.go("/migrations/db1");
    assertTrue(b.text().contains("migrated; a rollback loses no write until")
        && b.text().contains("path: dump"), b.text());
    // Its history, newest first: this cutover, the first one (rolled back), the rehearsal.
    assertEquals(List.of("cutover succeeded", "cutover rolled back", "rehearsal succeeded"),
        b.all("#history-h + div tbody tr").stream().map(row -> row.findElements(
            org.openqa.selenium.By.cssSelector("td")).subList(1, 3).stream()
            .map(td -> td.getText()).collect(java.util.stream.Collectors.joining(" ")))
            .toList());
    b.screenshot("migration-migrated");
    assertEquals(old("SELECT count(*), md5(string_agg(note, ',' ORDER BY note)) FROM "
        + "audit_note"), world.psqlService("SELECT count(*), md5(string_agg(note, ',' ORDER BY "
        + "note)) FROM audit_note").strip());
    assertEquals("scanned contract", world.psqlService("SELECT convert_from(lo_get(" + object
        + "), 'UTF8')").strip());
    JsonNode figures = awaitMigration(v -> v.path("state").asText().equals("migrated"))
        .path("figures");
    assertEquals("dump", figures.path("path").asText(), figures.toString());
    assertEquals("6", figures.path("tablesVerified").asText(), figures.toString());
    assertTrue(figures.has("writeDowntimeSeconds"), figures.toString());

    // Writes on 17 that logical replication could not carry back, then the rollback.
    world.psqlService("UPDATE audit_note SET note = 'changed on 17' WHERE note = 'note 1'");
    world.psqlService("INSERT INTO session_cache VALUES (2, 'from 17')");
    String made = world.psqlService("SELECT lo_from_bytea(0, 'signed on 17')").strip();
    CliRun rollback = world.cli("migration", "rollback", "db1");
    assertEquals(0, rollback.exitCode(), rollback.out() + rollback.err());
    assertTrue(world.psqlService("SHOW server_version").startsWith("15."));
    assertEquals("1|from 15,from 17|signed on 17", old("SELECT (SELECT count(*) FROM audit_note"
        + " WHERE note = 'changed on 17'), (SELECT string_agg(v, ',' ORDER BY k) FROM "
        + "session_cache), convert_from(lo_get(" + made + "), 'UTF8')"));
    world.psqlService("INSERT INTO audit_note VALUES ('15 takes writes again')");

    // What the logical path cannot carry goes, for the last cutover.
    old("DROP TABLE audit_note, session_cache");
    old("SELECT lo_unlink(oid) FROM pg_largeobject_metadata");
    assertEquals(0, world.cli("migration", "plan", json("migration-logical.json",
        new MigrationPlan(plan.server(), plan.target(), plan.policy(), null, plan.protectAs(),
            null, null))).exitCode());
  }

  @Test
  @Order(6)
  void shouldRefuseARollbackOnceTheOldServerIsRetired() throws Exception {
    CliRun cutover = world.cli("migration", "cutover", "db1");
    assertEquals(0, cutover.exitCode(), cutover.out() + cutover.err());
    assertEquals("1|1", old("SELECT (SELECT count(*) FROM pg_subscription), (current_setting("
        + "'default_transaction_read_only') = 'on')::int"));

    CliRun retire = world.cli("migration", "retire", "db1");
    assertEquals(0, retire.exitCode(), retire.err());
    assertTrue(retire.out().contains(": retired") && retire.out().contains("was retired at"),
        retire.out());
    assertEquals("0", old("SELECT count(*) FROM pg_subscription"));
    assertEquals("0", sql(targetPort, "SELECT count(*) FROM pg_replication_slots"));
    CliRun rollback = world.cli("migration", "rollback", "db1");
    assertEquals(1, rollback.exitCode());
    assertTrue(rollback.err().contains("was retired at") && rollback.err().contains("would "
        + "lose them"), rollback.err());
    // Nor as a run: nothing is undone, clients stay on 17.
    String run = world.f.api.get("/api/servers/db1/migration").path("cutoverRun").asText();
    CliRun asRun = world.cli("run", "rollback", run);
    assertEquals(1, asRun.exitCode());
    assertTrue(asRun.err().contains("was retired at"), asRun.err());
    assertTrue(world.psqlService("SHOW server_version").startsWith("17."));
  }

  /** The migration's view once {@code condition} holds (a moment after a run ends). */
  private static JsonNode awaitMigration(java.util.function.Predicate<JsonNode> condition)
      throws InterruptedException {
    JsonNode view = world.f.api.get("/api/servers/db1/migration");
    for (int i = 0; i < 200 && !condition.test(view); i++) {
      Thread.sleep(100);
      view = world.f.api.get("/api/servers/db1/migration");
    }
    assertTrue(condition.test(view), view.toString());
    return view;
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
      Thread.sleep(100);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  /**
   * Nearline in a JVM of its own, on the same port and data each time, with the new version's
   * programs for the new version's surrogate.
   */
  private static void startNearline() throws Exception {
    int port = nearline == null ? Ports.free() : nearline.port;
    world.url = "http://127.0.0.1:" + port;
    nearline = ServerProcess.start(world.dir.resolve("nearline"),
        world.dir.resolve("server.log"), port, Ports.free(), Map.of("NEARLINE_PG_BIN_17",
            NewerPostgres.withClientPrograms().toString()));
    world.f.api = nearline.api;
  }

  /** The console, signed in as its admin (set up at the first visit; a restart signs out). */
  private static Browser console() throws Exception {
    if (browser == null) {
      java.util.regex.Matcher link = java.util.regex.Pattern.compile("(http://\\S+/setup\\?"
          + "code=\\S+)").matcher(Files.readString(world.dir.resolve("server.log")));
      assertTrue(link.find(), "the server printed the console's setup link");
      browser = Browser.open(world.url);
      browser.setUp(link.group(1), CONSOLE_PASSWORD);
    }
    browser.goSignedIn("/migrations", "admin", CONSOLE_PASSWORD);
    return browser;
  }

  @AfterAll
  static void stopTheNewVersion() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (nearline != null) {
      nearline.close();
    }
    Command.run(world.dir, "bash", "-c", "runuser -u " + UnprivilegedUser.NAME + " -- "
        + NewerPostgres.bin().resolve("pg_ctl") + " -D " + world.dir.resolve("v17/data")
        + " -m immediate stop >/dev/null 2>&1 || true");
  }

  private static String json(String name, Object value) throws java.io.IOException {
    Path file = world.dir.resolve(name);
    Files.writeString(file, Json.write(value));
    return file.toString();
  }
}

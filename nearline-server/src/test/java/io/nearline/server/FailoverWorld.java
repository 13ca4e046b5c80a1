package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import io.nearline.common.json.Json;
import io.nearline.directory.MailboxStore;
import io.nearline.recovery.AccessKind;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.DnsPlan;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.Standby;
import io.nearline.testkit.Command;
import io.nearline.testkit.InMemoryDirectory;
import io.nearline.testkit.NameServer;
import io.nearline.testkit.Ports;
import io.nearline.testkit.SampleDirectory;
import io.nearline.testkit.SshServer;
import io.nearline.testkit.TestDirectory;
import io.nearline.testkit.UnprivilegedUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The world of a failover test, as a JUnit 5 extension: the integration world with pgbench's
 * tables on the primary; a directory holding the service entry {@code db1}, ten user mailboxes
 * and a system mailbox on the primary's store; an empty folder for the standby; and, on
 * request, an sshd (the standby and the primary's host are then reached over SSH) and a name
 * server. Every server it or the test started is stopped after the test.
 */
final class FailoverWorld implements BeforeEachCallback, AfterEachCallback, BeforeAllCallback,
    AfterAllCallback {
  static final String PRIMARY_MBX = "MBX-HQ";
  static final String STANDBY_MBX = "MBX-DR";

  final NearlineFixture f;
  private final boolean perClass;
  Path dir;
  InMemoryDirectory directory;
  SshServer sshd;
  NameServer named;
  DnsPlan dns;
  int standbyPort;
  /** The Nearline API, in this JVM or (for the crash test) in one of its own. */
  String url;
  /** The certificate the server is pinned by, when it serves TLS. */
  Path caFile;

  FailoverWorld() {
    this(false);
  }

  private FailoverWorld(boolean perClass, String... primarySettings) {
    this.perClass = perClass;
    this.f = NearlineFixture.withoutServer().withPrimarySettings(primarySettings).withPgbench(2);
  }

  /**
   * One world for a whole test class (register it in a static field), with these lines added to
   * the primary's postgresql.conf.
   */
  static FailoverWorld perClass(String... primarySettings) {
    return new FailoverWorld(true, primarySettings);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (perClass) {
      setUp(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (perClass) {
      tearDown(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      setUp(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      tearDown(context);
    }
  }

  private void setUp(ExtensionContext context) throws Exception {
    f.beforeEach(context);
    dir = f.dir;
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

  private void tearDown(ExtensionContext context) {
    try {
      Command.run(dir, "bash", "-c", "runuser -u " + UnprivilegedUser.NAME + " -- "
          + "/usr/lib/postgresql/15/bin/pg_ctl -D " + dir.resolve("standby/data")
          + " -m immediate stop || true");
      for (AutoCloseable server : new AutoCloseable[] {directory, sshd, named}) {
        if (server != null) {
          server.close();
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("stopping the failover world: " + e, e);
    } finally {
      f.afterEach(context);
    }
  }

  void startServer() throws Exception {
    f.startServer();
    url = "http://127.0.0.1:" + f.server.port();
  }

  /** The server with its store encrypted under a master key made in {@code masterKey}. */
  void startServerEncrypted(Path masterKey) throws Exception {
    f.startServer(new ServerConfig(dir.resolve("nearline"), "127.0.0.1", 0, 0,
        NearlineFixture.fastSettings(), NearlineFixture.fastSurrogates())
        .withMasterKey(masterKey));
    url = "http://127.0.0.1:" + f.server.port();
  }

  /** The server over TLS with a self-signed certificate, which standbys and the CLI pin. */
  void startServerOverTls() throws Exception {
    f.startServer(new ServerConfig(dir.resolve("nearline"), "127.0.0.1", 0, 0,
        NearlineFixture.fastSettings(), NearlineFixture.fastSurrogates(),
        ApiSecurity.defaults().withTls(null, null)));
    url = "https://127.0.0.1:" + f.server.port();
    caFile = f.server.certificateFile();
  }

  /** The first admin token of the server at {@link #url}, in-process or not. */
  Path adminTokenFile() {
    return dir.resolve("nearline/admin.token");
  }

  String adminToken() throws java.io.IOException {
    return Files.readString(adminTokenFile()).strip();
  }

  /** The command line against the server at {@link #url}, as its first admin. */
  CliRun cli(String... args) {
    return CliRun.against(url, adminTokenFile(), caFile, args);
  }

  /** Standbys are reached over SSH from now on. */
  void overSsh() {
    sshd = SshServer.start(dir.resolve("sshd"));
  }

  /** Policies also move db1's DNS name. */
  void withDns() {
    named = NameServer.start(dir.resolve("named"));
    dns = new DnsPlan("127.0.0.1", named.port(), NameServer.ZONE, NameServer.KEY_NAME,
        NameServer.KEY_ALGORITHM, named.secretFile().toString(), List.of("db1"), 30);
  }

  /** The standby and the primary's host: reached over SSH once {@link #sshd} runs, else local. */
  RecoveryPair pair() {
    return new RecoveryPair("db1-dr", "db1", host("dr-host", dir.resolve("standby/data"),
        standbyPort), host("hq-host", dir.resolve("primary/data"), f.primary.port()));
  }

  private Standby host(String name, Path data, int port) {
    Map<String, Object> postgres = Map.of("pgBin", "/usr/lib/postgresql/15/bin",
        "dataDirectory", data.toString(), "pgPort", port);
    return sshd == null
        ? new Standby(name, AccessKind.LOCAL, null, 22, null, null, UnprivilegedUser.NAME,
            "127.0.0.1", false, url, postgres)
        : new Standby(name, AccessKind.SSH, "127.0.0.1", sshd.port(), sshd.user(),
            sshd.clientKey().toString(), null, "127.0.0.1", false, url, postgres);
  }

  RecoveryPolicy policy() {
    return policy("db1-failover", RecoveryPoint.LATEST, false);
  }

  RecoveryPolicy policy(String name, RecoveryPoint point) {
    return policy(name, point, false);
  }

  /** A policy of the application's usual steps, re-homing db1 and its mailboxes. */
  RecoveryPolicy policy(String name, RecoveryPoint point, boolean instant) {
    return new RecoveryPolicy(name, List.of("db1-dr"), point, List.of(),
        new DirectoryPlan(directory.url(), TestDirectory.ADMIN_DN,
            dir.resolve("ldap.password").toString(), SampleDirectory.SERVICES, List.of("db1"),
            SampleDirectory.USERS, store(PRIMARY_MBX), store(STANDBY_MBX)), dns, List.of("true"),
        instant, null, null, null);
  }

  static MailboxStore store(String server) {
    return new MailboxStore(SampleDirectory.storeDn(server, "Mailbox Database"),
        SampleDirectory.mtaDn(server), SampleDirectory.legacyDn(server));
  }

  /** Protects db1 with a surrogate, saves the pair and policy, and kills db1 under load. */
  void protectAndCrash(int loadSeconds) throws Exception {
    f.protectWithSurrogate("db1");
    f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
    // Through the command line, as an operator adds them from files.
    CliRun pair = cli("pair", "add", json("pair.json", pair()));
    assertEquals(0, pair.exitCode(), pair.err());
    assertTrue(pair.out().contains("passed"), pair.out());
    CliRun policy = cli("policy", "add", json("policy.json", policy()));
    assertEquals(0, policy.exitCode(), policy.err());

    Process load = f.primary.pgbench(2, loadSeconds);
    f.archiveSegments(2);
    Thread.sleep(3000);
    f.primary.crash();
    load.waitFor();
  }

  /** What {@code psql service=db1} answers, the service looked up in the directory. */
  String psqlService(String sql) throws Exception {
    Path services = dir.resolve("pg_service.conf");
    Files.writeString(services, "[db1]\n" + directory.url() + "/" + SampleDirectory.SERVICES
        + "?description?one?(cn=db1)\n");
    return Command.run(dir, "env", "PGSERVICEFILE=" + services, "psql",
        "service=db1 user=postgres", "-XAtc", sql).strip();
  }

  int mailboxesOn(String server) throws Exception {
    try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", directory.port())) {
      return ldap.search(SampleDirectory.USERS, SearchScope.ONE,
          "(homeMDB=" + store(server).storeDn() + ")").getEntryCount();
    }
  }

  /** Whether PostgreSQL runs on the standby's data directory. */
  boolean standbyRunning() {
    return !Command.run(dir, "bash", "-c", "runuser -u " + UnprivilegedUser.NAME
        + " -- /usr/lib/postgresql/15/bin/pg_ctl -D " + dir.resolve("standby/data")
        + " status || true").contains("no server running");
  }

  void awaitStep(long run, String step, String state) throws InterruptedException {
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
  void assertStandbyHoldsWhatTheSurrogateReplayed() throws Exception {
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
      Thread.sleep(1000);
    }
    return f.status("db1");
  }

  /** Writes {@code value} as a JSON file in the world's folder; returns its path. */
  private String json(String name, Object value) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, Json.write(value));
    return file.toString();
  }
}

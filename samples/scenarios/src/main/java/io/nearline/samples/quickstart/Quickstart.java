package io.nearline.samples.quickstart;

import io.nearline.recovery.AccessKind;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.Standby;
import io.nearline.recovery.drill.DrillSettings;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.cli.Main;
import io.nearline.server.collect.CollectionSettings;
import io.nearline.services.ProtectRequest;
import io.nearline.testkit.Command;
import io.nearline.testkit.InMemoryDirectory;
import io.nearline.testkit.Ports;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.SambaServer;
import io.nearline.testkit.SampleDirectory;
import io.nearline.testkit.TestDirectory;
import io.nearline.testkit.UnprivilegedUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Nearline's main job on this machine: a PostgreSQL primary under load is protected (its WAL
 * collected over SMB, a surrogate replaying it); after a minute, or when Enter is pressed, the
 * primary dies and one command fails it over to a differently named standby on this host,
 * re-homing the libpq service entry {@code sample-db} in a sample directory, and prints the
 * measured RTO and RPO; then the primary is failed back. Everything it started is stopped, in
 * reverse order, on Ctrl-C.
 */
public final class Quickstart {
  private static final Duration LOAD_BEFORE_FAILOVER = Duration.ofSeconds(60);
  private static final Duration ON_STANDBY_BEFORE_FAILBACK = Duration.ofSeconds(30);
  private static final Duration TO_READ_A_REPORT = Duration.ofSeconds(20);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final Deque<AutoCloseable> started = new ArrayDeque<>();
  private static final LinkedBlockingQueue<String> keys = new LinkedBlockingQueue<>();

  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args.length > 0 ? args[0] : "quickstart-data").toAbsolutePath();
    Runtime.getRuntime().addShutdownHook(new Thread(Quickstart::stopAll, "quickstart-stop"));
    recreate(base);
    readKeys();

    say("starting a PostgreSQL 15 primary that archives its WAL (archive_timeout 10s)");
    PostgresPrimary primary = PostgresPrimary.start(base.resolve("primary"),
        "archive_timeout = 10s");
    started.push(() -> stopPostgres(base.resolve("primary/data")));

    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    say("sharing the archive folder with a private smbd on loopback");
    SambaServer samba = SambaServer.create(base.resolve("samba"), password)
        .share("archive", primary.archiveDir());
    samba.start();
    started.push(samba);

    say("starting a sample directory (LDAP) with the libpq service entry sample-db");
    InMemoryDirectory directory = InMemoryDirectory.start();
    started.push(directory);
    directory.load(SampleDirectory.skeleton("MBX-HQ", "MBX-DR")
        + SampleDirectory.service("sample-db", "127.0.0.1", primary.port(), "postgres"));
    Path ldapPassword = base.resolve("ldap.password");
    Files.writeString(ldapPassword, TestDirectory.ADMIN_PASSWORD);
    Path services = base.resolve("pg_service.conf");
    Files.writeString(services, "[sample-db]\n" + directory.url() + "/"
        + SampleDirectory.SERVICES + "?description?one?(cn=sample-db)\n");

    say("starting the Nearline server (embedded Derby catalog in " + base.resolve("nearline")
        + ")");
    NearlineServer server = NearlineServer.start(new ServerConfig(base.resolve("nearline"),
        "127.0.0.1", freeOrDefault(), 256L << 20,
        CollectionSettings.defaults().withPollInterval(Duration.ofSeconds(1))));
    started.push(server);
    String url = "http://127.0.0.1:" + server.port();
    Path token = base.resolve("nearline/admin.token");
    List<String> connect = List.of("--url", url, "--token-file", token.toString());
    ApiClient api = server.localAdminClient();
    say("the console is at " + url + "/ ; set its admin password once at "
        + server.consoleSetupLink());

    say("protecting the primary as 'sample-db', with a surrogate");
    api.post("/api/servers", new ProtectRequest("sample-db", "postgresql",
        samba.url("archive"), SambaServer.USER, password, primary.connectionString(), true));
    say("loading the primary: pgbench scale 10, 2 clients");
    primary.pgbenchInit(10);
    Process pgbench = primary.pgbench(2, 24 * 3600);
    started.push(pgbench::destroy);

    if (!watch(connect, "waiting for the surrogate to replay", Duration.ofMinutes(10), false, () ->
        api.get("/api/servers/sample-db").path("surrogateState").asText().equals("replaying"))) {
      fail("the surrogate did not start replaying within 10 minutes; see the log above");
    }
    Path standbyData = base.resolve("standby/data");
    Files.createDirectories(standbyData.getParent());
    UnprivilegedUser.own(standbyData.getParent());
    started.push(() -> stopPostgres(standbyData));
    int standbyPort = Ports.free();
    api.post("/api/pairs", new RecoveryPair("sample-pair", "sample-db",
        local("sample-standby", standbyData, standbyPort, url),
        local("sample-primary-host", base.resolve("primary/data"), primary.port(), url)));
    api.post("/api/policies", new RecoveryPolicy("sample-failover", List.of("sample-pair"),
        RecoveryPoint.LATEST, List.of(), new DirectoryPlan(directory.url(),
            TestDirectory.ADMIN_DN, ldapPassword.toString(), SampleDirectory.SERVICES,
            List.of("sample-db"), null, null, null), null, List.of(), false, 60, 300,
        new DrillSettings(List.of(new ProbeSpec("sql", "branches", null,
            "SELECT count(*) FROM pgbench_branches", "10", null, null, null, null),
            new ProbeSpec("table-checksum", null, null, null, null, List.of("pgbench_branches",
                "pgbench_tellers"), null, null, null)), 7, null)));

    say("\nfirst a dress rehearsal: the policy recovered in a sandbox clone of the surrogate, "
        + "probed, cleaned up; the primary and its clients are not touched");
    say("$ nearline drill run sample-failover");
    if (nearline(connect, "drill", "run", "sample-failover") != 0) {
      say("the drill did not pass: its deviations are above");
    }
    pause("the drill's result is above (nearline drill report ID writes its report); press "
        + "Enter to go on");

    watch(connect, "press Enter to fail the primary over now", LOAD_BEFORE_FAILOVER, true,
        () -> false);
    say("\nthe primary fails: it is stopped at once, as a crash would stop it");
    pgbench.destroy();
    primary.crash();
    say("$ nearline failover sample-failover");
    if (nearline(connect, "failover", "sample-failover") != 0) {
      fail("the failover failed; its journal is above");
    }
    say("psql service=sample-db now reaches port " + clientPort(base, services)
        + " (the standby, sample-standby, listens on " + standbyPort + ")");
    pause("the failover's journal, RTO and RPO are above; press Enter to go on");

    watch(connect, "clients are on the standby; press Enter to fail back now",
        ON_STANDBY_BEFORE_FAILBACK, true, () -> false);
    say("\n$ nearline failback sample-failover");
    if (nearline(connect, "failback", "sample-failover") != 0) {
      fail("the failback failed; its journal is above");
    }
    say("psql service=sample-db now reaches port " + clientPort(base, services)
        + " (the primary again)");
    say("try:  PGSERVICEFILE=" + services + " psql service=sample-db user=postgres");
    pause("the failback's journal is above; press Enter to go on");
    watch(connect, "protection resumes on the primary's new timeline (Ctrl-C stops everything)",
        Duration.ofDays(365), false, () -> false);
  }

  private static Standby local(String name, Path data, int port, String url) {
    return new Standby(name, AccessKind.LOCAL, null, 22, null, null, UnprivilegedUser.name(),
        "127.0.0.1", false, url, Map.of("pgBin", PostgresPrimary.BIN.toString(),
        "dataDirectory", data.toString(), "pgPort", port));
  }

  /** The port a new {@code psql service=sample-db} connection lands on. */
  private static String clientPort(Path base, Path services) {
    return Command.run(base, "env", "PGSERVICEFILE=" + services, "psql",
        "service=sample-db user=postgres", "-XAtc", "SHOW port").strip();
  }

  /**
   * Shows live status until {@code done} holds, {@code limit} has passed or, where
   * {@code enterGoesOn}, Enter is pressed. Answers whether {@code done} held.
   */
  /** The command line, as an admin of the quickstart's server. */
  private static int nearline(List<String> connect, String... args) {
    List<String> all = new java.util.ArrayList<>(connect);
    all.addAll(List.of(args));
    return Main.run(all.toArray(String[]::new));
  }

  private static boolean watch(List<String> connect, String prompt, Duration limit,
      boolean enterGoesOn, Check done) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    keys.clear();
    while (!done.holds()) {
      long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      System.out.print("\033[H\033[2J");
      say("Nearline quickstart, " + LocalTime.now().format(CLOCK) + "   (Ctrl-C stops "
          + "everything)");
      say("in another terminal:  nearline-server/bin/nearline " + String.join(" ", connect)
          + " status");
      say("");
      nearline(connect, "status");
      say("");
      say(prompt + (limit.toDays() < 1 ? " (going on by itself in " + left + " s)" : ""));
      if (keys.poll(2, TimeUnit.SECONDS) != null && enterGoesOn) {
        return false;
      }
    }
    return true;
  }

  /** Stops the quickstart: the shutdown hook stops what it started. */
  private static void fail(String why) {
    System.err.println("\nquickstart: " + why);
    System.exit(1);
  }

  /** Leaves what is on the screen to be read, until Enter or a while has passed. */
  private static void pause(String prompt) throws InterruptedException {
    say("\n" + prompt + " (going on by itself in " + TO_READ_A_REPORT.toSeconds() + " s)");
    keys.clear();
    keys.poll(TO_READ_A_REPORT.toSeconds(), TimeUnit.SECONDS);
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Lines typed on the terminal, read on a thread of their own; none without a terminal. */
  private static void readKeys() {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          keys.add(line);
        }
      } catch (IOException closed) {
        // No terminal: the demonstration goes on by itself.
      }
    }, "quickstart-keys");
    reader.setDaemon(true);
    reader.start();
  }

  /** Stops whichever PostgreSQL runs on {@code data}: the failover and failback move them. */
  private static void stopPostgres(Path data) {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      Command.runUnprivileged(data.getParent(), PostgresPrimary.BIN.resolve("pg_ctl")
          .toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }
  }

  private static int freeOrDefault() {
    try (ServerSocket s = new ServerSocket(ServerConfig.DEFAULT_PORT, 1,
        InetAddress.getLoopbackAddress())) {
      return ServerConfig.DEFAULT_PORT;
    } catch (IOException busy) {
      return 0;
    }
  }

  private static void recreate(Path base) throws Exception {
    if (Files.exists(base)) {
      Command.run(Path.of("/"), "rm", "-rf", base.toString());
    }
    Files.createDirectories(base);
  }

  private static void stopAll() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
    System.out.println("\nquickstart stopped; its files are kept until the next run");
  }

  private static void say(String line) {
    System.out.println(line);
  }
}

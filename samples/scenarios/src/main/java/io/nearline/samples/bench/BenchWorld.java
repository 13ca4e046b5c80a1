package io.nearline.samples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.json.Json;
import io.nearline.recovery.AccessKind;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.Standby;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.cli.ApiClient;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the recovery benchmarks share: a primary filled with pgbench to a size, its archive
 * shared by smbd, a directory holding its service entry {@code db1}, and, once {@link #protect}
 * is called, a Nearline server protecting it with a surrogate and a pair {@code db1-dr} to a
 * standby on this host. Everything is removed on close.
 */
final class BenchWorld implements AutoCloseable {
  private static final String PASSWORD = "bench-Pass1";
  /** pgbench rows per scale unit take about 15 MB with their indexes. */
  private static final double MB_PER_SCALE = 15.0;

  final Path base;
  final PostgresPrimary primary;
  final String size;
  private final SambaServer samba;
  final InMemoryDirectory directory;
  private final Path ldapPassword;
  NearlineServer server;
  ApiClient api;

  private BenchWorld(Path base, PostgresPrimary primary, SambaServer samba,
      InMemoryDirectory directory, String size, Path ldapPassword) {
    this.base = base;
    this.primary = primary;
    this.samba = samba;
    this.directory = directory;
    this.size = size;
    this.ldapPassword = ldapPassword;
  }

  /** A primary filled to about {@code gb} GB, shared, with its service entry. */
  static BenchWorld fill(double gb, String ldif) throws Exception {
    return fill(gb, ldif, new String[0]);
  }

  /** The same, with these lines added to the primary's configuration. */
  static BenchWorld fill(double gb, String ldif, String... settings) throws Exception {
    Path base = Files.createTempDirectory("nearline-bench");
    int scale = (int) Math.max(1, Math.round(gb * 1024 / MB_PER_SCALE));
    String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of(
        "max_wal_size = 4GB"), java.util.Arrays.stream(settings)).toArray(String[]::new);
    PostgresPrimary primary = PostgresPrimary.start(base.resolve("primary"), all);
    SambaServer samba = SambaServer.create(base.resolve("samba"), PASSWORD)
        .share("archive", base.resolve("primary/archive"));
    samba.start();
    InMemoryDirectory directory = InMemoryDirectory.start();
    directory.load(SampleDirectory.skeleton("MBX-HQ", "MBX-DR")
        + SampleDirectory.service("db1", "127.0.0.1", primary.port(), "postgres") + ldif);
    Path password = base.resolve("ldap.password");
    Files.writeString(password, TestDirectory.ADMIN_PASSWORD);
    System.err.printf("filling %.1f GB (pgbench scale %d)...%n", gb, scale);
    primary.pgbenchInit(scale);
    String size = primary.sql("SELECT pg_size_pretty(pg_database_size('postgres'))");
    return new BenchWorld(base, primary, samba, directory, size, password);
  }

  /** Starts Nearline, protects the primary with a surrogate, and adds the pair db1-dr. */
  void protect() throws Exception {
    protect(io.nearline.server.pit.PointsInTimeConfig.defaults());
  }

  /** The same, with snapshots, baselines and retention set as given. */
  void protect(io.nearline.server.pit.PointsInTimeConfig pointsInTime) throws Exception {
    server = NearlineServer.start(new ServerConfig(base.resolve("nearline"), "127.0.0.1",
        Ports.free(), 0, CollectionSettings.defaults().withPollInterval(Duration.ofSeconds(1)))
        .withPointsInTime(pointsInTime));
    api = server.localAdminClient();
    System.err.println("seeding the surrogate...");
    api.post("/api/servers", new ProtectRequest("db1", "postgresql", samba.url("archive"),
        SambaServer.USER, PASSWORD, primary.connectionString(), true));
    await(s -> s.path("surrogateState").asText().equals("replaying"), Duration.ofHours(1));
    Files.createDirectories(base.resolve("standby"));
    UnprivilegedUser.own(base.resolve("standby"));
    api.post("/api/pairs", new RecoveryPair("db1-dr", "db1", new Standby("dr-host",
        AccessKind.LOCAL, null, 22, null, null, UnprivilegedUser.NAME, "127.0.0.1", false,
        "http://127.0.0.1:" + server.port(), Map.of("pgBin", PostgresPrimary.BIN.toString(),
        "dataDirectory", standbyData().toString(), "pgPort", Ports.free())), null));
  }

  /** Re-homes db1 in the directory. */
  DirectoryPlan plan() {
    return new DirectoryPlan(directory.url(), TestDirectory.ADMIN_DN, ldapPassword.toString(),
        SampleDirectory.SERVICES, List.of("db1"), null, null, null);
  }

  Path standbyData() {
    return base.resolve("standby/data");
  }

  /** Waits until the surrogate has replayed the primary's last archived segment, and kills it. */
  void crashPrimary() throws Exception {
    String last = primary.switchAndArchive();
    await(s -> last.equals(s.path("lastSegment").asText()), Duration.ofMinutes(5));
    primary.crash();
  }

  /** Starts a run (POST {@code path}), waits for its end and returns the facts its steps gave. */
  Map<String, String> run(String path) throws Exception {
    long id = api.post(path, Map.of()).path("id").asLong();
    JsonNode run;
    while ((run = api.get("/api/runs/" + id)).path("state").asText().equals("RUNNING")) {
      Thread.sleep(200);
    }
    if (!run.path("state").asText().equals("SUCCEEDED")) {
      throw new IllegalStateException(path + " ended " + run);
    }
    Map<String, String> facts = new HashMap<>();
    facts.put("runSeconds", String.valueOf(Duration.between(java.time.Instant.parse(
        run.path("startedAt").asText()), java.time.Instant.parse(run.path("finishedAt")
        .asText())).toMillis() / 1000.0));
    facts.put("id", String.valueOf(id));
    for (JsonNode step : run.path("steps")) {
      if (step.path("outcome").isTextual()) {
        Json.MAPPER.readTree(step.path("outcome").asText()).path("facts").fields()
            .forEachRemaining(e -> facts.put(e.getKey(), e.getValue().asText()));
      }
    }
    return facts;
  }

  /** Stops what runs on the standby and deletes its data directory. */
  void emptyStandby() {
    Command.run(Path.of("/"), "bash", "-c", "runuser -u " + UnprivilegedUser.NAME + " -- "
        + PostgresPrimary.BIN.resolve("pg_ctl") + " -D " + standbyData() + " -m fast stop "
        + "|| true; rm -rf " + standbyData());
  }

  JsonNode await(Predicate<JsonNode> condition, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      JsonNode s = api.get("/api/servers/db1");
      if (condition.test(s)) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting; status " + s);
      }
      Thread.sleep(500);
    }
  }

  /** The sizes in GB a benchmark's first argument lists (1,5 unless given). */
  static List<Double> sizes(String[] args) {
    return args.length > 0 ? List.of(args[0].split(",")).stream().map(Double::parseDouble)
        .toList() : List.of(1.0, 5.0);
  }

  static String ratio(double seconds, double baseline) {
    return String.format("%.1f s (%.2f)", seconds, seconds / baseline);
  }

  @Override
  public void close() {
    try {
      for (AutoCloseable c : new AutoCloseable[] {server, directory, samba, primary}) {
        if (c != null) {
          c.close();
        }
      }
    } catch (Exception e) {
      System.err.println("stopping the bench world: " + e);
    } finally {
      Command.run(Path.of("/"), "rm", "-rf", base.toString());
    }
  }
}

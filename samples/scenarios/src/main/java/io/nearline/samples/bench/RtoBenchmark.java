package io.nearline.samples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.json.Json;
import io.nearline.recovery.AccessKind;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
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
 * Recovery time of a failover, with and without the instant option, against what
 * {@code pg_basebackup} plus start-up takes for the same database in the same run.
 *
 * <p>For each size a primary is filled with pgbench, protected with a surrogate, and killed.
 * The baseline, taken before the kill, is a plain {@code pg_basebackup -X stream} of the
 * primary to a new directory on this host and {@code pg_ctl start} until it accepts
 * connections. The failovers restore to a standby on this host: the RTO is the run's own,
 * from the command until a client connects through the re-homed service entry; with instant,
 * also until a client is served by the instant copy on the near-line.
 */
public final class RtoBenchmark {
  private static final String PASSWORD = "bench-Pass1";
  /** pgbench rows per scale unit take about 15 MB with their indexes. */
  private static final double MB_PER_SCALE = 15.0;

  public static void main(String[] args) throws Exception {
    List<Double> sizes = args.length > 0
        ? List.of(args[0].split(",")).stream().map(Double::parseDouble).toList() : List.of(1.0, 5.0);
    System.out.println("| size | pg_basebackup + start | failover RTO | instant: clients on the"
        + " near-line | instant: standby takes over |");
    System.out.println("|---|---|---|---|---|");
    for (double gb : sizes) {
      System.out.println(measure(gb));
    }
  }

  private static String measure(double gb) throws Exception {
    Path base = Files.createTempDirectory("nearline-rto");
    int scale = (int) Math.max(1, Math.round(gb * 1024 / MB_PER_SCALE));
    try (PostgresPrimary primary = PostgresPrimary.start(base.resolve("primary"),
             "max_wal_size = 4GB");
         SambaServer samba = SambaServer.create(base.resolve("samba"), PASSWORD)
             .share("archive", base.resolve("primary/archive"));
         InMemoryDirectory directory = InMemoryDirectory.start()) {
      samba.start();
      System.err.printf("filling %.1f GB (pgbench scale %d)...%n", gb, scale);
      primary.pgbenchInit(scale);
      String size = primary.sql("SELECT pg_size_pretty(pg_database_size('postgres'))");
      double baseline = basebackupAndStart(primary, base.resolve("plain"));

      directory.load(SampleDirectory.skeleton("MBX-HQ", "MBX-DR")
          + SampleDirectory.service("db1", "127.0.0.1", primary.port(), "postgres"));
      Path password = base.resolve("ldap.password");
      Files.writeString(password, TestDirectory.ADMIN_PASSWORD);
      Files.createDirectories(base.resolve("standby"));
      UnprivilegedUser.own(base.resolve("standby"));

      ServerConfig config = new ServerConfig(base.resolve("nearline"), "127.0.0.1",
          Ports.free(), 0, fastPolling());
      try (NearlineServer server = NearlineServer.start(config)) {
        ApiClient api = server.localAdminClient();
        System.err.println("seeding the surrogate...");
        api.post("/api/servers", new ProtectRequest("db1", "postgresql", samba.url("archive"),
            SambaServer.USER, PASSWORD, primary.connectionString(), true));
        await(api, s -> s.path("surrogateState").asText().equals("replaying"),
            Duration.ofHours(1));
        String last = primary.switchAndArchive();
        await(api, s -> last.equals(s.path("lastSegment").asText()), Duration.ofMinutes(5));
        primary.crash();

        int standbyPort = Ports.free();
        api.post("/api/pairs", new RecoveryPair("db1-dr", "db1", new Standby("dr-host",
            AccessKind.LOCAL, null, 22, null, null, UnprivilegedUser.NAME, "127.0.0.1", false,
            "http://127.0.0.1:" + server.port(), Map.of("pgBin", PostgresPrimary.BIN.toString(),
            "dataDirectory", base.resolve("standby/data").toString(), "pgPort", standbyPort)),
            null));
        DirectoryPlan plan = new DirectoryPlan(directory.url(), TestDirectory.ADMIN_DN,
            password.toString(), SampleDirectory.SERVICES, List.of("db1"), null, null, null);
        List<StepKind> steps = List.of(StepKind.of("restore-data"), StepKind.of("promote"),
            StepKind.REHOME_CLIENTS, StepKind.of("verify"));
        for (boolean instant : List.of(false, true)) {
          api.post("/api/policies", new RecoveryPolicy(instant ? "instant" : "plain",
              List.of("db1-dr"), RecoveryPoint.LATEST, steps, plan, null, List.of(), instant, null,
              null, null));
        }

        System.err.println("failing over...");
        Map<String, String> plain = failover(api, "plain");
        stopAndEmpty(base.resolve("standby/data"));
        System.err.println("failing over with instant...");
        Map<String, String> instant = failover(api, "instant");
        stopAndEmpty(base.resolve("standby/data"));

        return String.format("| %s | %.1f s | %s | %s | %s |", size, baseline,
            ratio(plain.get("rtoSeconds"), baseline),
            ratio(instant.get("instantRtoSeconds"), baseline),
            ratio(instant.get("rtoSeconds"), baseline));
      }
    } finally {
      Command.run(Path.of("/"), "rm", "-rf", base.toString());
    }
  }

  private static CollectionSettings fastPolling() {
    return CollectionSettings.defaults().withPollInterval(Duration.ofSeconds(1));
  }

  /** Seconds for a plain copy of the primary to be taken and accept connections. */
  private static double basebackupAndStart(PostgresPrimary primary, Path target) {
    System.err.println("pg_basebackup + start-up...");
    Command.run(Path.of("/"), "mkdir", "-p", target.toString());
    UnprivilegedUser.own(target);
    Path data = target.resolve("data");
    long start = System.nanoTime();
    Command.runUnprivileged(target, PostgresPrimary.BIN.resolve("pg_basebackup").toString(),
        "-h", "127.0.0.1", "-p", String.valueOf(primary.port()), "-U", "postgres", "-D",
        data.toString(), "-X", "stream", "--checkpoint=fast");
    Command.runUnprivileged(target, "bash", "-c", "printf \"port = %d\\nunix_socket_directories"
        + " = '%s'\\narchive_mode = off\\n\" " + Ports.free() + " " + target
        + " >> " + data.resolve("postgresql.auto.conf"));
    Command.runUnprivileged(target, PostgresPrimary.BIN.resolve("pg_ctl").toString(), "-D",
        data.toString(), "-l", target.resolve("start.log").toString(), "-w", "-t", "3600",
        "start");
    double seconds = (System.nanoTime() - start) / 1e9;
    Command.runUnprivileged(target, PostgresPrimary.BIN.resolve("pg_ctl").toString(), "-D",
        data.toString(), "-m", "immediate", "stop");
    Command.run(Path.of("/"), "rm", "-rf", target.toString());
    return seconds;
  }

  /** Runs a policy to its end; returns the facts its steps reported. */
  private static Map<String, String> failover(ApiClient api, String policy) throws Exception {
    long id = api.post("/api/policies/" + policy + "/failover", Map.of()).path("id").asLong();
    JsonNode run;
    while ((run = api.get("/api/runs/" + id)).path("state").asText().equals("RUNNING")) {
      Thread.sleep(200);
    }
    if (!run.path("state").asText().equals("SUCCEEDED")) {
      throw new IllegalStateException("failover " + policy + " ended " + run);
    }
    Map<String, String> facts = new HashMap<>();
    for (JsonNode step : run.path("steps")) {
      if (!step.path("outcome").isTextual()) {
        continue;
      }
      JsonNode outcome = Json.MAPPER.readTree(step.path("outcome").asText());
      outcome.path("facts").fields().forEachRemaining(e -> facts.put(e.getKey(),
          e.getValue().asText()));
    }
    return facts;
  }

  private static void stopAndEmpty(Path data) {
    Command.run(Path.of("/"), "bash", "-c", "runuser -u " + UnprivilegedUser.NAME + " -- "
        + PostgresPrimary.BIN.resolve("pg_ctl") + " -D " + data + " -m fast stop || true; rm -rf "
        + data);
  }

  private static String ratio(String seconds, double baseline) {
    double s = Double.parseDouble(seconds);
    return String.format("%.1f s (%.2f)", s, s / baseline);
  }

  private static JsonNode await(ApiClient api, Predicate<JsonNode> condition, Duration limit)
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
}

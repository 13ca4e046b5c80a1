package io.nearline.samples.bench;

import io.nearline.common.process.Program;
import io.nearline.recovery.AccessKind;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.Standby;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.testkit.Command;
import io.nearline.testkit.NewerPostgres;
import io.nearline.testkit.Ports;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL 15 → 17 cutover under pgbench load, for each database size: the write downtime
 * (from the first refused write on 15 to the first write a client makes on 17 through its
 * re-homed service entry) and the whole cutover's time, next to what a plain {@code pg_dump |
 * pg_restore} of the same database into a 17 cluster takes in the same run: the downtime of an
 * upgrade by dump and restore.
 */
public final class MigrationBenchmark {

  public static void main(String[] args) throws Exception {
    System.out.println("| size | write downtime (÷ dump and restore) | cutover | of which the "
        + "initial copy | pg_dump | pg_restore |");
    System.out.println("|---|---|---|---|---|---|");
    for (double gb : BenchWorld.sizes(args)) {
      System.out.println(measure(gb));
    }
  }

  private static String measure(double gb) throws Exception {
    try (BenchWorld w = BenchWorld.fill(gb, "", "wal_level = logical")) {
      // Every table keyed, as the pre-flight check asks.
      w.primary.sql("ALTER TABLE pgbench_history ADD COLUMN id bigserial PRIMARY KEY");
      double[] dumpRestore = dumpAndRestore(w);
      w.protect();
      w.api.post("/api/policies", new RecoveryPolicy("db1", List.of("db1-dr"),
          RecoveryPoint.LATEST, List.of(), w.plan(), null, List.of(), false, null, null, null));
      Path target = w.base.resolve("v17");
      int targetPort = Ports.free();
      Files.createDirectories(target);
      UnprivilegedUser.own(target);
      w.api.post("/api/servers/db1/migration", new MigrationPlan("db1", new Standby("db1-v17",
          AccessKind.LOCAL, null, 22, null, null, UnprivilegedUser.NAME, "127.0.0.1", false,
          "http://127.0.0.1:" + w.server.port(), Map.of("pgBin", NewerPostgres.bin()
          .toString(), "dataDirectory", target.resolve("data").toString(), "pgPort",
          targetPort)), "db1", null, null, null, null));
      Process load = w.primary.pgbench(2, 3600);
      try {
        Thread.sleep(5000);
        System.err.println("cutting over under load...");
        Map<String, String> cutover = w.run("/api/servers/db1/migration/cutover");
        double downtime = Double.parseDouble(w.api.get("/api/servers/db1/migration")
            .path("figures").path("writeDowntimeSeconds").asText());
        System.err.println("  figures: " + w.api.get("/api/servers/db1/migration")
            .path("figures"));
        // What one side of the verification takes with the machine otherwise idle.
        for (int port : new int[] {w.primary.port(), targetPort}) {
          long t = System.nanoTime();
          Command.run(w.base, "psql", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U",
              "postgres", "-XAtc", "SET max_parallel_workers_per_gather = 0; SET jit = off; "
              + "SELECT count(*), sum(hash_record_extended(t, 0)) FROM pgbench_accounts t");
          System.err.printf("  pgbench_accounts hashed alone on %s: %.2f s%n", port == targetPort
              ? "17" : "15", (System.nanoTime() - t) / 1e9);
        }
        for (var step : w.api.get("/api/runs/" + cutover.get("id")).path("steps")) {
          System.err.printf("  %-18s %6.2f s%n", step.path("step").asText(), Duration.between(
              java.time.Instant.parse(step.path("startedAt").asText()),
              java.time.Instant.parse(step.path("finishedAt").asText())).toMillis() / 1000.0);
        }
        return String.format("| %s | %s | %.1f s | %s s | %.1f s | %.1f s |", w.size,
            BenchWorld.ratio(downtime, dumpRestore[0] + dumpRestore[1]),
            Double.parseDouble(cutover.get("runSeconds")), cutover.get("copySeconds"),
            dumpRestore[0], dumpRestore[1]);
      } finally {
        load.destroy();
        stop(target.resolve("data"));
      }
    }
  }

  /**
   * A plain dump (custom format) of the database and its restore into a new 17 cluster, each
   * timed on its own; the cluster is removed afterwards.
   */
  private static double[] dumpAndRestore(BenchWorld w) throws Exception {
    Path dir = w.base.resolve("dump");
    Files.createDirectories(dir);
    UnprivilegedUser.own(dir);
    Path data = dir.resolve("data");
    int port = Ports.free();
    Command.runUnprivileged(dir, NewerPostgres.bin().resolve("initdb").toString(), "-D",
        data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C");
    Command.runUnprivileged(dir, NewerPostgres.bin().resolve("pg_ctl").toString(), "-D",
        data.toString(), "-o", "-p " + port + " -k " + dir, "-l", dir.resolve("log")
            .toString(), "-w", "start");
    try {
      Path dump = dir.resolve("db.dump");
      System.err.println("pg_dump...");
      long t0 = System.nanoTime();
      Command.runUnprivileged(dir, PostgresPrimary.BIN.resolve("pg_dump").toString(), "-h",
          "127.0.0.1", "-p", String.valueOf(w.primary.port()), "-U", "postgres", "-Fc", "-Z",
          "0", "-f", dump.toString(), "postgres");
      long t1 = System.nanoTime();
      System.err.println("pg_restore...");
      Program.of(PostgresPrimary.BIN.resolve("pg_restore").toString(), "-h", "127.0.0.1",
          "-p", String.valueOf(port), "-U", "postgres", "-d", "postgres", "-j", "2",
          dump.toString()).asUser(UnprivilegedUser.NAME).timeout(Duration.ofHours(2)).run();
      long t2 = System.nanoTime();
      return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
    } finally {
      stop(data);
      Command.run(dir, "rm", "-rf", dir.toString());
    }
  }

  private static void stop(Path data) {
    Command.run(Path.of("/"), "bash", "-c", "runuser -u " + UnprivilegedUser.NAME + " -- "
        + NewerPostgres.bin().resolve("pg_ctl") + " -D " + data + " -m fast stop >/dev/null "
        + "2>&1 || true");
  }
}

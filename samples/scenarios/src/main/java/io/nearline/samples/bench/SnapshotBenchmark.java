package io.nearline.samples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.server.pit.PointsInTimeConfig;
import io.nearline.testkit.Command;
import io.nearline.testkit.Ports;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Time to open a past point, in one run against a pgbench primary (scale 50, 2 clients):
 * Nearline's snapshot (a copy-on-write copy of the nearest baseline, replayed to the point)
 * next to pgBackRest restoring the same point from its own zstd repository of the same WAL,
 * then started and replayed to it. Both are given a backup at the same moments: Nearline's
 * synthetic baselines from its surrogate, pgBackRest's full then incremental backups from the
 * primary. A point counts as open when the server stands at it, readable (replay paused at
 * the target). Also reports how much log each opening replayed against what the baseline
 * schedule promises (one interval's worth at most).
 */
public final class SnapshotBenchmark {

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
    int points = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int interval = seconds / 3;
    PointsInTimeConfig pit = PointsInTimeConfig.defaults();
    // Publish every baseline of the history, as a site that opens points in it would.
    pit = new PointsInTimeConfig(pit.snapshotTtl(), "PT24H", pit.openTarget(), 10,
        pit.retentionEvery(), pit.verifyEvery(), pit.openSampleEvery());
    // A baseline taken from a standby starts at the last checkpoint it replayed: the primary's
    // checkpoint interval bounds how far back that is. Debian's default is 5 min; 30 s here,
    // for a history of two minutes.
    try (BenchWorld w = BenchWorld.fill(0.75, "", "checkpoint_timeout = 30s")) {
      w.protect(pit);
      PgBackRest backrest = new PgBackRest(w);
      backrest.backup("full");
      List<JsonNode> baselines = new ArrayList<>(List.of(w.api.post(
          "/api/servers/db1/baselines", Map.of())));
      System.err.printf("pgbench for %d s, a backup every %d s...%n", seconds, interval);
      Instant from = Instant.now();
      Process load = w.primary.pgbench(2, seconds);
      for (int i = 1; i < 3; i++) {
        Thread.sleep(interval * 1000L);
        baselines.add(w.api.post("/api/servers/db1/baselines", Map.of()));
        backrest.backup("incr");
      }
      load.waitFor();
      Instant to = Instant.now();
      String end = w.primary.sql("SELECT pg_current_wal_lsn()");
      w.primary.switchAndArchive();
      w.await(s -> !s.path("replayedLsn").isNull() && Double.parseDouble(w.primary.sql(
          "SELECT pg_wal_lsn_diff('" + s.path("replayedLsn").asText() + "', '" + end + "')"))
          >= 0, Duration.ofMinutes(10));
      backrest.pushArchive();
      // Points up to the last commit: a time after it cannot be opened (nor restored).
      Instant lastCommit = Instant.parse(w.api.get("/api/servers/db1").path("replayedAt")
          .asText());
      to = lastCommit.isBefore(to) ? lastCommit : to;

      Random random = new Random(7);
      List<double[]> rows = new ArrayList<>();
      long promised = promisedReplay(w, baselines, end);
      System.out.println("| point | Nearline snapshot (s) | pgBackRest restore (s) | ratio |"
          + " log replayed by Nearline (MiB) |");
      System.out.println("|---|---|---|---|---|");
      for (int i = 0; i < points; i++) {
        Instant t = from.plusMillis((long) (random.nextDouble()
            * Duration.between(from, to).toMillis()));
        double[] nearline = openSnapshot(w, t);
        double restore = backrest.restoreTo(t);
        rows.add(new double[] {nearline[0], restore, nearline[1]});
        System.out.printf("| %s | %.2f | %.2f | %.1f | %.0f |%n", t, nearline[0], restore,
            restore / nearline[0], nearline[1] / 1048576.0);
      }
      double sumN = rows.stream().mapToDouble(r -> r[0]).sum();
      double sumB = rows.stream().mapToDouble(r -> r[1]).sum();
      double maxReplay = rows.stream().mapToDouble(r -> r[2]).max().orElse(0);
      System.out.printf("%nmean: Nearline %.2f s, pgBackRest %.2f s: pgBackRest / Nearline = "
          + "%.1f (target >= 5)%n", sumN / points, sumB / points, sumB / sumN);
      System.out.printf("most log replayed for a point: %.0f MiB; the schedule promises at "
          + "most %.0f MiB (the log between two baselines): %s%n", maxReplay / 1048576.0,
          promised / 1048576.0, maxReplay <= promised ? "kept" : "NOT kept");
      for (JsonNode b : w.api.get("/api/servers/db1/baselines")) {
        System.out.printf("baseline %s from the %s: start %s, end %s, ended %s%n",
            b.path("id").asText(), b.path("takenFrom").asText().toLowerCase(),
            b.path("start").asText(), b.path("end").asText(), b.path("endedAt").asText());
      }
      System.out.printf("database %s, %d backups each, %d s of pgbench history, primary "
          + "checkpoint_timeout 30 s%n", w.size, baselines.size(), seconds);
    }
  }

  /** Opens a snapshot at {@code t}; returns seconds until it stood there, and bytes replayed. */
  private static double[] openSnapshot(BenchWorld w, Instant t) throws Exception {
    long began = System.nanoTime();
    JsonNode s = w.api.post("/api/servers/db1/snapshots", Map.of("time", t.toString()));
    long id = s.path("id").asLong();
    while (s.path("state").asText().equals("OPENING")) {
      Thread.sleep(20);
      s = w.api.get("/api/snapshots/" + id);
    }
    double secs = (System.nanoTime() - began) / 1e9;
    if (!s.path("state").asText().equals("OPEN")) {
      throw new IllegalStateException("snapshot at " + t + " " + s);
    }
    String replayed = s.path("detail").asText().replaceAll("^at ([0-9A-F]+/[0-9A-F]+).*", "$1");
    String start = baselineStart(w, s.path("baseline").asText());
    double bytes = Double.parseDouble(w.primary.sql("SELECT pg_wal_lsn_diff('" + replayed
        + "', '" + start + "')"));
    w.api.delete("/api/snapshots/" + id);
    return new double[] {secs, bytes};
  }

  private static String baselineStart(BenchWorld w, String end) {
    for (JsonNode b : w.api.get("/api/servers/db1/baselines")) {
      if (b.path("end").asText().equals(end)) {
        return b.path("start").asText();
      }
    }
    throw new IllegalStateException("no baseline ending at " + end);
  }

  /** The most log between two consecutive baselines (or the last and the end of the run). */
  private static long promisedReplay(BenchWorld w, List<JsonNode> baselines, String end) {
    long most = 0;
    for (int i = 0; i < baselines.size(); i++) {
      String next = i + 1 < baselines.size() ? baselines.get(i + 1).path("end").asText() : end;
      most = Math.max(most, (long) Double.parseDouble(w.primary.sql("SELECT pg_wal_lsn_diff('"
          + next + "', '" + baselines.get(i).path("start").asText() + "')")));
    }
    return most;
  }

  /** pgBackRest with a zstd repository of the same primary, driven as its own user. */
  private static final class PgBackRest {
    private final BenchWorld w;
    private final Path dir;
    private final Path conf;

    PgBackRest(BenchWorld w) throws Exception {
      this.w = w;
      this.dir = w.base.resolve("pgbackrest");
      Files.createDirectories(dir.resolve("repo"));
      this.conf = dir.resolve("pgbackrest.conf");
      Files.writeString(conf, "[global]\nrepo1-path=" + dir.resolve("repo") + "\nlog-path="
          + dir + "\nlock-path=" + dir + "\nspool-path=" + dir + "\ncompress-type=zst\nlog-level-console=warn\n"
          + "start-fast=y\narchive-check=n\nprocess-max=2\n[bench]\npg1-path="
          + w.base.resolve("primary/data") + "\npg1-port=" + w.primary.port()
          + "\npg1-socket-path=" + w.base.resolve("primary") + "\npg1-user=postgres\n");
      UnprivilegedUser.own(dir);
      run("stanza-create");
    }

    void backup(String type) {
      run("backup", "--type=" + type);
    }

    /** Pushes every archived segment and history file into the repository. */
    void pushArchive() throws Exception {
      try (Stream<Path> files = Files.list(w.base.resolve("primary/archive"))) {
        for (Path p : files.filter(f -> f.getFileName().toString()
            .matches("[0-9A-F]{24}|[0-9A-F]{8}\\.history")).sorted().toList()) {
          run("archive-push", p.toString());
        }
      }
    }

    /** Restores the point into a new folder, starts it and waits until it stands there. */
    double restoreTo(Instant t) throws Exception {
      Path data = dir.resolve("restore");
      Command.run(Path.of("/"), "rm", "-rf", data.toString());
      Files.createDirectories(data);
      UnprivilegedUser.own(data);
      Command.run(Path.of("/"), "chmod", "700", data.toString());
      int port = Ports.free();
      long began = System.nanoTime();
      run("restore", "--pg1-path=" + data, "--type=time",
          "--target=" + io.nearline.shadow.postgres.PgTimestamp.of(t),
          "--target-action=pause");
      Files.writeString(data.resolve("postgresql.auto.conf"), "\nport = " + port
          + "\nunix_socket_directories = '" + dir + "'\narchive_mode = off\nhot_standby = on\n",
          StandardOpenOption.APPEND);
      Command.runUnprivileged(dir, PostgresPrimary.BIN.resolve("pg_ctl").toString(), "-D",
          data.toString(), "-l", dir.resolve("restore.log").toString(), "start");
      String psql = PostgresPrimary.BIN.resolve("psql").toString();
      while (true) {
        try {
          String state = Command.runUnprivileged(dir, psql, "-h", "127.0.0.1", "-p",
              String.valueOf(port), "-U", "postgres", "-Atc",
              "SELECT pg_get_wal_replay_pause_state()").strip();
          if (state.equals("paused")) {
            break;
          }
        } catch (RuntimeException notYet) {
          // starting, or not consistent yet
        }
        Thread.sleep(20);
      }
      double secs = (System.nanoTime() - began) / 1e9;
      Command.runUnprivileged(dir, PostgresPrimary.BIN.resolve("pg_ctl").toString(), "-D",
          data.toString(), "-m", "immediate", "stop");
      return secs;
    }

    private void run(String... args) {
      List<String> line = new ArrayList<>(List.of("pgbackrest", "--config=" + conf,
          "--stanza=bench"));
      line.addAll(List.of(args));
      Command.runUnprivileged(dir, line.toArray(String[]::new));
    }
  }
}

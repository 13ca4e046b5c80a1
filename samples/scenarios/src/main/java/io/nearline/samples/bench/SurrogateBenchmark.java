package io.nearline.samples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.collect.CollectionSettings;
import io.nearline.services.ProtectRequest;
import io.nearline.shadow.postgres.Lsn;
import io.nearline.testkit.Command;
import io.nearline.testkit.Ports;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.SambaServer;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Live RPO and replay throughput of a surrogate, against a plain PostgreSQL standby, in one run.
 *
 * <p>A heartbeat row is written on the primary every 100 ms while pgbench runs; the RPO is the
 * age of the newest heartbeat visible on the surrogate, sampled every 500 ms. Two identical
 * copies of the surrogate are taken before the load; afterwards one replays the backlog through
 * Nearline (its normal restore step) and the other, a plain standby, copies the same segments
 * from a local folder. Both start from the same restartpoint and replay the same bytes.
 */
public final class SurrogateBenchmark {
  private static final String PASSWORD = "bench-Pass1";
  private static final long HEARTBEAT_MS = 100;
  private static final long SAMPLE_MS = 500;

  public static void main(String[] args) throws Exception {
    int scale = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    Path base = Files.createTempDirectory("nearline-rpo");
    try (PostgresPrimary primary = PostgresPrimary.start(base.resolve("primary"),
             "archive_timeout = 10s", "checkpoint_timeout = 30s", "log_timezone = 'UTC'");
         SambaServer samba = SambaServer.create(base.resolve("samba"), PASSWORD)
             .share("archive", base.resolve("primary/archive"))) {
      samba.start();
      System.out.printf("pgbench scale %d, 2 clients, %d s; archive_timeout 10 s%n", scale, seconds);
      primary.pgbenchInit(scale);
      primary.sql("CREATE TABLE heartbeat (id int PRIMARY KEY, at timestamptz); "
          + "INSERT INTO heartbeat VALUES (1, now())");

      CollectionSettings d = CollectionSettings.defaults();
      ServerConfig config = new ServerConfig(base.resolve("nearline"), "127.0.0.1", Ports.free(),
          0, d.withPollInterval(Duration.ofSeconds(1)));
      Path replica = base.resolve("nearline/surrogates/bench/replica");
      Path viaNearline = base.resolve("copy-nearline");
      Path viaLocal = base.resolve("copy-local");
      try (NearlineServer first = NearlineServer.start(config)) {
        ApiClient api = first.localAdminClient();
        api.post("/api/servers", new ProtectRequest("bench", "postgresql", samba.url("archive"),
            SambaServer.USER, PASSWORD, primary.connectionString(), true));
        await(api, x -> x.path("surrogateState").asText().equals("replaying"));
      } // stops the surrogate cleanly: both copies start from the same shutdown checkpoint
      copy(replica.resolve("data"), viaNearline, viaLocal);

      try (NearlineServer server = NearlineServer.start(config)) {
        ApiClient api = server.localAdminClient();
        String surrogate = await(api, x -> x.path("surrogateState").asText().equals("replaying"))
            .path("surrogate").asText();
        SegmentTimes times = new SegmentTimes();
        Instant loadStart = Instant.now();
        List<Double> lag = loadAndSampleRpo(primary, surrogate, seconds, api, times);
        Instant loadEnd = Instant.now();
        Lsn end = Lsn.parse(primary.sql("SELECT pg_current_wal_lsn()"));
        String last = primary.switchAndArchive();
        await(api, x -> last.equals(x.path("lastSegment").asText()));
        lag.sort(null);
        System.out.printf("RPO (age of newest heartbeat on the surrogate): p50 %.1f s, p99 %.1f s, "
            + "max %.1f s over %d samples%n", pct(lag, 50), pct(lag, 99), lag.get(lag.size() - 1),
            lag.size());
        printWhereTheTimeGoes(times.report(primary.archiveDir(), replica.resolve("postgres.log"),
            loadStart, loadEnd), pct(lag, 99));

        Replay nearline = replay(viaNearline, replica.resolve("wal-fetch") + " %f %p", end);
        Replay local = replay(viaLocal, "cp " + primary.archiveDir() + "/%f %p", end);
        System.out.printf("backlog replay through Nearline: %.0f MB in %.1f s = %.1f MB/s%n",
            nearline.mb(), nearline.seconds(), nearline.mbPerSecond());
        System.out.printf("plain standby from a local folder: %.0f MB in %.1f s = %.1f MB/s%n",
            local.mb(), local.seconds(), local.mbPerSecond());
        System.out.printf("ratio %.2f%n", nearline.mbPerSecond() / local.mbPerSecond());
      }
    } finally {
      Command.run(Path.of("/"), "rm", "-rf", base.toString());
    }
  }

  private static void copy(Path data, Path... copies) {
    for (Path copy : copies) {
      Command.run(data, "cp", "-a", data.toString(), copy.toString());
    }
  }

  /** The RPO target: p99 no more than the time a segment takes to fill (p99) plus 2 s. */
  private static void printWhereTheTimeGoes(SegmentTimes.Report r, double rpoP99) {
    if (r.fill().isEmpty() || r.toCollected().isEmpty() || r.toRestored().isEmpty()) {
      System.out.printf("too few segments archived under load (%d) to say where the time goes%n",
          r.segments());
      return;
    }
    System.out.printf("segments: %d archived under load, one every %.1f s (p50), %.1f s (p99)%n",
        r.segments(), pct(r.fill(), 50), pct(r.fill(), 99));
    System.out.printf("a segment's way, p50 / p99: archived -> collected %.2f / %.2f s; "
        + "collected -> restored by the surrogate %.2f / %.2f s%n", pct(r.toCollected(), 50),
        pct(r.toCollected(), 99), pct(r.toRestored(), 50), pct(r.toRestored(), 99));
    double target = pct(r.fill(), 99) + 2;
    System.out.printf("RPO target: p99 <= a segment's fill time (p99) + 2 s = %.1f s; measured "
        + "%.1f s: %s%n", target, rpoP99, rpoP99 <= target ? "met" : "NOT met");
  }

  private static List<Double> loadAndSampleRpo(PostgresPrimary primary, String surrogate,
      int seconds, ApiClient api, SegmentTimes times) throws Exception {
    Process load = primary.pgbench(2, seconds);
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        times.collectedUpTo(api.get("/api/servers/bench").path("lastSegment").asText(null));
        try {
          Thread.sleep(50);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }, "collected-position");
    sampler.setDaemon(true);
    sampler.start();
    List<Double> lag = new ArrayList<>();
    int warmUp = 0;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    try (Connection p = connect("127.0.0.1", primary.port());
         Connection s = connectWhenUp(Integer.parseInt(surrogate.replaceAll(".*port=(\\d+).*", "$1")))) {
      p.createStatement().execute("UPDATE heartbeat SET at = now() WHERE id = 1");
      Timestamp first = heartbeat(p);
      Thread beat = heartbeats(p);
      try {
        while (System.nanoTime() < end) {
          try (ResultSet r = s.createStatement().executeQuery(
              "SELECT extract(epoch FROM clock_timestamp() - at), at FROM heartbeat")) {
            r.next();
            // Until the surrogate shows a heartbeat of this run, its age is that of the set-up.
            if (r.getTimestamp(2).before(first)) {
              warmUp++;
            } else {
              lag.add(r.getDouble(1));
            }
          }
          Thread.sleep(SAMPLE_MS);
        }
      } finally {
        beat.interrupt();
        beat.join();
      }
    }
    load.waitFor();
    sampler.interrupt();
    System.out.printf("(%d samples taken before the surrogate showed the run's first heartbeat "
        + "are left out)%n", warmUp);
    return lag;
  }

  /**
   * Writes the heartbeat every {@link #HEARTBEAT_MS} on its own connection and thread. Its period
   * is added to every sample's age at worst, so it is kept well under the figures measured.
   */
  private static Thread heartbeats(Connection p) {
    Thread t = new Thread(() -> {
      try (var update = p.prepareStatement("UPDATE heartbeat SET at = now() WHERE id = 1")) {
        while (!Thread.currentThread().isInterrupted()) {
          update.execute();
          Thread.sleep(HEARTBEAT_MS);
        }
      } catch (InterruptedException stop) {
        // the run is over
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("heartbeat failed", e);
      }
    }, "heartbeat");
    t.start();
    return t;
  }

  private static Timestamp heartbeat(Connection c) throws java.sql.SQLException {
    try (ResultSet r = c.createStatement().executeQuery("SELECT at FROM heartbeat")) {
      r.next();
      return r.getTimestamp(1);
    }
  }

  record Replay(double mb, double seconds) {
    double mbPerSecond() {
      return mb / seconds;
    }
  }

  /** Starts a copy with its own port and restore step; times it until it has replayed {@code end}. */
  private static Replay replay(Path data, String restoreCommand, Lsn end) throws Exception {
    int port = Ports.free();
    Files.writeString(data.resolve("postgresql.auto.conf"), "port = " + port
        + "\nunix_socket_directories = '" + data + "'\nrestore_command = '" + restoreCommand
        + "'\n", StandardOpenOption.APPEND);
    UnprivilegedUser.own(data);
    Path log = data.resolve("replay.log");
    long start = System.nanoTime();
    Command.runUnprivileged(data, PostgresPrimary.BIN.resolve("pg_ctl").toString(), "-D",
        data.toString(), "-l", log.toString(), "-W", "start");
    long deadline = start + Duration.ofMinutes(15).toNanos();
    while (true) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("replay of " + data + " did not reach " + end
            + "; its log ends:\n" + String.join("\n", tail(log)));
      }
      try (Connection c = connect("127.0.0.1", port);
           ResultSet r = c.createStatement().executeQuery("SELECT pg_last_wal_replay_lsn()::text")) {
        r.next();
        if (Lsn.parse(r.getString(1)).compareTo(end) >= 0) {
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf("  %s: %s%n", data.getFileName(), restoreIntervals(log));
          Command.runUnprivileged(data, PostgresPrimary.BIN.resolve("pg_ctl").toString(), "-D",
              data.toString(), "-m", "immediate", "stop");
          return new Replay((end.value() - restartPoint(data).value()) / 1e6, seconds);
        }
      } catch (java.sql.SQLException notYet) {
        // starting or not yet consistent
      }
      Thread.sleep(50);
    }
  }

  /** How far apart PostgreSQL restored successive segments, from its own log lines. */
  private static String restoreIntervals(Path log) throws java.io.IOException {
    List<java.time.LocalTime> at = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      if (line.contains("restored log file")) {
        at.add(java.time.LocalTime.parse(line.substring(11, 23)));
      }
    }
    if (at.size() < 2) {
      return at.size() + " segments restored";
    }
    double ms = Duration.between(at.get(0), at.get(at.size() - 1)).toMillis() / (at.size() - 1.0);
    return String.format("%d segments restored, %.0f ms apart; first after %s", at.size(), ms,
        at.get(0));
  }

  private static List<String> tail(Path log) throws java.io.IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no log)");
    return lines.subList(Math.max(0, lines.size() - 10), lines.size());
  }

  /** Where replay started: the copy's checkpoint redo position. */
  private static Lsn restartPoint(Path data) {
    String control = Command.runUnprivileged(data, PostgresPrimary.BIN.resolve("pg_controldata")
        .toString(), "-D", data.toString());
    return Lsn.parse(control.replaceAll("(?s).*Latest checkpoint's REDO location:\\s+(\\S+).*", "$1"));
  }

  /** Connects once the surrogate is back up (Nearline restarts it after the copy). */
  private static Connection connectWhenUp(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      try {
        return connect("127.0.0.1", port);
      } catch (java.sql.SQLException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(200);
      }
    }
  }

  private static Connection connect(String host, int port) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", p);
  }

  private static JsonNode await(ApiClient api, java.util.function.Predicate<JsonNode> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    JsonNode s = api.get("/api/servers/bench");
    while (!done.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out; status: " + s.toPrettyString());
      }
      Thread.sleep(200);
      s = api.get("/api/servers/bench");
    }
    return s;
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}

package io.nearline.samples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.collect.CollectionSettings;
import io.nearline.server.peer.PeerConfig;
import io.nearline.testkit.Command;
import io.nearline.testkit.Ports;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the link to the near-line peer costs, all in one run against a pgbench primary (scale
 * 50, 2 clients): bytes on the link against the WAL the primary wrote, next to what pgBackRest's
 * zstd repository holds for the same segments; the same under a trickle, where segments are
 * switched nearly empty; the peer's replay lag behind the active's surrogate; and the catch-up
 * rate after the peer was away for a minute, against the link's limit.
 */
public final class PeerBenchmark {
  private static final long SEGMENT = 16L << 20;
  private static final long LIMIT = 1L << 20;

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    try (BenchWorld w = BenchWorld.fill(0.75, "")) {
      w.protect();
      Path peerData = w.base.resolve("peer");
      int peerLink = Ports.free();
      NearlineServer peer = startPeer(peerData, peerLink);
      try {
        ApiClient peerApi = peer.localAdminClient();
        String code = w.api.post("/api/peer/pair", Map.of()).path("code").asText();
        JsonNode check = peerApi.post("/api/peer/join", Map.of("code", code));
        if (!check.path("passed").asBoolean()) {
          throw new IllegalStateException("the pairing check failed: " + check);
        }
        System.err.println("sending the baseline and the log to the peer...");
        awaitCaughtUp(w.api, Duration.ofMinutes(30));
        awaitPeerReplaying(peerApi);

        System.err.printf("pgbench for %d s...%n", seconds);
        List<String> before = segments(w);
        String lsn0 = w.primary.sql("SELECT pg_current_wal_lsn()");
        long link0 = w.server.peer().linkBytes();
        Process load = w.primary.pgbench(2, seconds);
        List<Double> lags;
        List<Double> staleness;
        try (ReplayLag replay = new ReplayLag(w.api, peerApi)) {
          while (load.isAlive()) {
            replay.sample();
            Thread.sleep(50);
          }
          replay.sampleUntilPeerReaches(60_000);
          lags = replay.lagSeconds();
          staleness = replay.stalenessSeconds();
        }
        String lsn1 = w.primary.sql("SELECT pg_current_wal_lsn()");
        w.primary.switchAndArchive();
        awaitCaughtUp(w.api, Duration.ofMinutes(10));
        long linkBytes = w.server.peer().linkBytes() - link0;
        double wal = Double.parseDouble(w.primary.sql("SELECT pg_wal_lsn_diff('" + lsn1 + "', '"
            + lsn0 + "')"));
        List<String> pgbenchSegments = new ArrayList<>(segments(w));
        pgbenchSegments.removeAll(before);
        long pgbackrest = pgbackrestBytes(w, pgbenchSegments);
        long zstd1 = zstdBytes(w, pgbenchSegments, 1);
        long zstd9 = zstdBytes(w, pgbenchSegments, 9);
        long zstd17 = zstdBytes(w, pgbenchSegments, 17);

        System.err.println("a trickle, segments switched nearly empty...");
        long link1 = w.server.peer().linkBytes();
        int switched = 20;
        for (int i = 0; i < switched; i++) {
          w.primary.sql("CREATE TABLE IF NOT EXISTS tick (at timestamptz); "
              + "INSERT INTO tick VALUES (now())");
          w.primary.switchAndArchive();
        }
        awaitCaughtUp(w.api, Duration.ofMinutes(5));
        long trickleBytes = w.server.peer().linkBytes() - link1;

        System.err.println("the peer away for a minute under pgbench, then back at a limit...");
        w.api.post("/api/peer/settings", Map.of("compressionLevel", 9, "defaultLimit", LIMIT,
            "zone", "UTC", "windows", List.of()));
        peer.close();
        Process away = w.primary.pgbench(2, 60);
        away.waitFor();
        w.primary.switchAndArchive();
        JsonNode backlog = w.api.get("/api/peer");
        long link2 = w.server.peer().linkBytes();
        Instant back = Instant.now();
        peer = startPeer(peerData, peerLink);
        awaitCaughtUp(w.api, Duration.ofMinutes(30));
        double catchUpSeconds = Duration.between(back, Instant.now()).toMillis() / 1000.0;
        double catchUpRate = (w.server.peer().linkBytes() - link2) / catchUpSeconds;

        System.out.println("| measure | value | baseline in the same run |");
        System.out.println("|---|---|---|");
        System.out.printf("| link bytes ÷ WAL written, pgbench %d s | %.4f (%.1f of %.1f MiB) "
            + "| pgBackRest zstd repository: %.4f (%.1f MiB for the same %d segments) |%n",
            seconds, linkBytes / wal, mib(linkBytes), mib((long) wal),
            pgbackrest / (double) (pgbenchSegments.size() * SEGMENT), mib(pgbackrest),
            pgbenchSegments.size());
        long segmentBytes = pgbenchSegments.size() * SEGMENT;
        System.out.printf("| plain zstd of the same segments, level 1 / 9 / 17 | %.4f / %.4f / "
            + "%.4f | |%n", zstd1 / (double) segmentBytes, zstd9 / (double) segmentBytes,
            zstd17 / (double) segmentBytes);
        System.out.printf("| link bytes ÷ segment bytes, trickle (%d switched segments) | %.5f "
            + "(%.1f KiB) | |%n", switched, trickleBytes / (double) (switched * SEGMENT),
            trickleBytes / 1024.0);
        System.out.printf("| peer replay lag behind the active's surrogate, p50 / p99 | %.2f / "
            + "%.2f s (%d positions) | |%n", percentile(lags, 0.5), percentile(lags, 0.99),
            lags.size());
        System.out.printf("| newest commit the peer's surrogate trails the active's by, p50 / "
            + "p99 | %.2f / %.2f s (%d samples) | |%n", percentile(staleness, 0.5),
            percentile(staleness, 0.99), staleness.size());
        System.out.printf("| catch-up after a minute away (%d objects, %.1f MiB behind) | %.0f "
            + "KiB/s in %.1f s: %.2f of the %d KiB/s limit | |%n",
            backlog.path("backlogObjects").asLong(),
            backlog.path("backlogBytes").asLong() / 1048576.0, catchUpRate / 1024,
            catchUpSeconds, catchUpRate / LIMIT, LIMIT / 1024);
      } finally {
        peer.close();
      }
    }
  }

  private static NearlineServer startPeer(Path data, int linkPort) throws Exception {
    return NearlineServer.start(new ServerConfig(data, "127.0.0.1", 0, 0,
        CollectionSettings.defaults().withPollInterval(Duration.ofSeconds(1)))
        .withPeer(new PeerConfig(null, linkPort, null)));
  }

  private static void awaitCaughtUp(ApiClient api, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    JsonNode s = api.get("/api/peer");
    Thread.sleep(1500); // the newest segment may not be collected yet
    while (!(s.path("state").asText().equals("caught-up")
        && s.path("backlogObjects").asLong() == 0)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the peer did not catch up: " + s);
      }
      Thread.sleep(250);
      s = api.get("/api/peer");
    }
  }

  private static void awaitPeerReplaying(ApiClient peer) throws InterruptedException {
    for (int i = 0; i < 2400; i++) {
      try {
        if (peer.get("/api/servers/db1").path("surrogateState").asText().equals("replaying")) {
          return;
        }
      } catch (RuntimeException notYet) {
        // the server is not known on the peer yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the peer's surrogate did not start replaying");
  }

  private static List<String> segments(BenchWorld w) throws Exception {
    try (Stream<Path> files = Files.list(w.base.resolve("primary/archive"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9A-F]{24}"))
          .sorted().toList();
    }
  }

  /** What pgBackRest's zstd repository (its default level) holds for these segments. */
  private static long pgbackrestBytes(BenchWorld w, List<String> segments) throws Exception {
    Path dir = w.base.resolve("pgbackrest");
    Files.createDirectories(dir.resolve("repo"));
    Path conf = dir.resolve("pgbackrest.conf");
    Files.writeString(conf, "[global]\nrepo1-path=" + dir.resolve("repo") + "\nlog-path=" + dir
        + "\nlock-path=" + dir + "\ncompress-type=zst\nlog-level-console=warn\n[bench]\n"
        + "pg1-path=" + w.base.resolve("primary/data") + "\npg1-port=" + w.primary.port()
        + "\npg1-socket-path=" + w.base.resolve("primary") + "\npg1-user=postgres\n");
    UnprivilegedUser.own(dir);
    Command.runUnprivileged(dir, "pgbackrest", "--config=" + conf, "--stanza=bench",
        "stanza-create");
    for (String s : segments) {
      Command.runUnprivileged(dir, "pgbackrest", "--config=" + conf, "--stanza=bench",
          "archive-push", w.base.resolve("primary/archive").resolve(s).toString());
    }
    try (Stream<Path> files = Files.walk(dir.resolve("repo/archive"))) {
      return files.filter(Files::isRegularFile).filter(p -> segments.stream()
          .anyMatch(s -> p.getFileName().toString().startsWith(s))).mapToLong(p -> p.toFile()
          .length()).sum();
    }
  }

  /** Each segment compressed on its own at {@code level}, as the link would send it. */
  private static long zstdBytes(BenchWorld w, List<String> segments, int level)
      throws Exception {
    long total = 0;
    for (String s : segments) {
      total += com.github.luben.zstd.Zstd.compress(Files.readAllBytes(
          w.base.resolve("primary/archive").resolve(s)), level).length;
    }
    return total;
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }

  private static double percentile(List<Double> sorted, double p) {
    return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1,
        Math.floor(p * sorted.size())));
  }
}

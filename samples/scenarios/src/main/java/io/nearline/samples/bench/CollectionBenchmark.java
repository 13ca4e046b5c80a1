package io.nearline.samples.bench;

import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.collect.CollectionSettings;
import io.nearline.server.smb.RemoteFile;
import io.nearline.server.smb.SmbShare;
import io.nearline.services.ProtectRequest;
import io.nearline.services.ShareLocation;
import io.nearline.testkit.Command;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.SambaServer;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pulls the same N real WAL segments (written by pgbench) from a loopback share three ways, in one run, and prints
 * MiB/s for each and the ratios: smbclient (the baseline, including its connection set-up),
 * Nearline's SMB transfer alone, and Nearline's whole collection path (transfer, validate,
 * SHA-256, zstd, fsync, catalog commit) timed in the steady state: from the moment the segments
 * appear on the share of an already protected server until the last one is committed. Each
 * figure is the median of the runs; the page cache is warm for all of them.
 */
public final class CollectionBenchmark {
  private static final String PASSWORD = "bench-Pass1";

  public static void main(String[] args) throws Exception {
    int segments = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path base = Files.createTempDirectory("nearline-bench");
    Path shared = base.resolve("share");
    Files.createDirectories(shared);
    UnprivilegedUser.own(shared);
    try (PostgresPrimary primary = PostgresPrimary.start(base.resolve("primary"));
         SambaServer samba = SambaServer.create(base.resolve("samba"), PASSWORD)
             .share("archive", shared)) {
      samba.start();
      primary.pgbenchInit(Math.max(1, segments / 2));
      List<Path> staged = makeSegments(primary, segments);
      List<Path> files = moveAll(staged, shared);
      long bytes = 0;
      for (Path f : files) {
        bytes += Files.readAllBytes(f).length; // also warms the page cache
      }
      System.out.printf("%d segments, %.0f MiB of real WAL, %d runs each%n", files.size(),
          bytes / 1048576.0, runs);

      Figure smbclient = median(runs, () -> smbclient(samba, base));
      Figure transfer = median(runs, () -> transferOnly(samba, files.size()));
      Figure collect = median(runs, () -> collect(samba, primary, base, files, staged));

      report("smbclient (baseline)", bytes, smbclient, smbclient);
      report("nearline transfer only", bytes, transfer, smbclient);
      report("nearline collection", bytes, collect, smbclient);
    } finally {
      Command.run(Path.of("/"), "rm", "-rf", base.toString());
    }
  }

  private static List<Path> makeSegments(PostgresPrimary primary, int count) throws Exception {
    while (true) {
      try (var list = Files.list(primary.archiveDir())) {
        List<Path> segments = list.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}"))
            .sorted(Comparator.comparing(Path::getFileName)).toList();
        if (segments.size() >= count) {
          return segments.subList(0, count);
        }
      }
      primary.pgbench(2, 5).waitFor();
      primary.switchAndArchive();
    }
  }

  private static double smbclient(SambaServer samba, Path base) throws Exception {
    Path into = Files.createTempDirectory(base, "smbclient");
    long start = System.nanoTime();
    Command.run(into, "smbclient", "//127.0.0.1/archive", "-p", Integer.toString(samba.port()),
        "-U", SambaServer.USER + "%" + PASSWORD, "-m", "SMB3", "-c", "prompt OFF; mget 0*");
    double seconds = (System.nanoTime() - start) / 1e9;
    Command.run(base, "rm", "-rf", into.toString());
    return seconds;
  }

  private static double transferOnly(SambaServer samba, int count) throws Exception {
    CollectionSettings s = CollectionSettings.defaults();
    try (SmbShare share = new SmbShare(ShareLocation.parse(samba.url("archive")), SambaServer.USER,
        PASSWORD.toCharArray(), s.connections(), s.transferRetry())) {
      ExecutorService pool = Executors.newFixedThreadPool(s.connections());
      long start = System.nanoTime();
      List<RemoteFile> listing = share.list().stream()
          .filter(f -> f.name().matches("[0-9A-F]{24}")).sorted(Comparator.comparing(RemoteFile::name))
          .limit(count).toList();
      List<Future<byte[]>> reads = new ArrayList<>();
      for (RemoteFile f : listing) {
        reads.add(pool.submit(() -> share.read(f)));
      }
      for (Future<byte[]> r : reads) {
        r.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      return seconds;
    }
  }

  private static double collect(SambaServer samba, PostgresPrimary primary, Path base,
      List<Path> files, List<Path> staged) throws Exception {
    moveAll(files, staged.get(0).getParent());
    Path data = Files.createTempDirectory(base, "nearline");
    CollectionSettings d = CollectionSettings.defaults();
    CollectionSettings fast = d.withPollInterval(Duration.ofMillis(50));
    String last = files.get(files.size() - 1).getFileName().toString();
    try (NearlineServer server = NearlineServer.start(
        new ServerConfig(data, "127.0.0.1", 0, 0, fast))) {
      ApiClient api = server.localAdminClient();
      api.post("/api/servers", new ProtectRequest("bench", "postgresql", samba.url("archive"),
          SambaServer.USER, PASSWORD, primary.connectionString(), false));
      Thread.sleep(500); // connections open, first empty poll done
      long start = System.nanoTime();
      moveAll(staged, files.get(0).getParent());
      while (!last.equals(api.get("/api/servers/bench").path("lastSegment").asText())) {
        Thread.sleep(50);
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      Command.run(base, "rm", "-rf", data.toString());
    }
  }

  /** Renames files into {@code dir} (same file system: instant, owner kept). */
  private static List<Path> moveAll(List<Path> files, Path dir) throws Exception {
    List<Path> moved = new ArrayList<>();
    for (Path f : files) {
      moved.add(Files.move(f, dir.resolve(f.getFileName())));
    }
    return moved;
  }

  interface Timed {
    double seconds() throws Exception;
  }

  /** Median wall time of the runs, and the machine's busy CPU per wall second in that run. */
  record Figure(double seconds, double coresBusy) {}

  private static Figure median(int runs, Timed timed) throws Exception {
    List<Figure> all = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      double cpu = CpuTime.busySeconds();
      double seconds = timed.seconds();
      all.add(new Figure(seconds, (CpuTime.busySeconds() - cpu) / seconds));
    }
    all.sort(java.util.Comparator.comparingDouble(Figure::seconds));
    return all.get(all.size() / 2);
  }

  private static void report(String what, long bytes, Figure f, Figure baseline) {
    System.out.printf("%-24s %7.1f MiB/s   ratio to smbclient %.2f   (%.1f of %d cores busy)%n",
        what, bytes / 1048576.0 / f.seconds(), baseline.seconds() / f.seconds(), f.coresBusy(),
        Runtime.getRuntime().availableProcessors());
  }
}

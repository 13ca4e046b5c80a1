package io.nearline.server.pit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.common.json.Json;
import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Baselines.BaselineRow;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.CollectedFiles;
import io.nearline.server.catalog.CollectedFiles.FileRow;
import io.nearline.server.catalog.Incidents;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.collect.CollectionService;
import io.nearline.services.NearlineException;
import io.nearline.services.Severity;
import io.nearline.services.pit.PointCheck;
import io.nearline.services.pit.RetentionPlan;
import io.nearline.services.pit.SnapshotInfo;
import io.nearline.services.pit.SnapshotRequest;
import io.nearline.services.pit.SnapshotState;
import io.nearline.shadow.store.BaselineArchive;
import io.nearline.shadow.store.CorruptStoredFileException;
import io.nearline.shadow.store.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves every kept point restores: its baseline archive and each log file it needs are
 * present and match their checksums, and the segments leave no gap. Each file is read once a
 * round however many points need it. Now and then one sampled point is opened as a snapshot.
 * The result is kept per server, counted in metrics and told in events.
 */
public final class RestorabilityVerifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RestorabilityVerifier.class);
  private static final Duration OPEN_LIMIT = Duration.ofHours(1);

  private final CollectionService collection;
  private final RetentionService retention;
  private final SnapshotService snapshots;
  private final Baselines baselines;
  private final CollectedFiles files;
  private final Incidents incidents;
  private final Jdbi jdbi;
  private final MeterRegistry registry;
  private final Duration openEvery;
  private final Map<String, PointCheck> last = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "nearline-verifier");
    t.setDaemon(true);
    return t;
  });

  public RestorabilityVerifier(Catalog catalog, CollectionService collection,
      RetentionService retention, SnapshotService snapshots, Duration openEvery,
      MeterRegistry registry) {
    this.collection = collection;
    this.retention = retention;
    this.snapshots = snapshots;
    this.baselines = new Baselines(catalog);
    this.files = new CollectedFiles(catalog);
    this.incidents = new Incidents(catalog);
    this.jdbi = catalog.jdbi();
    this.registry = registry;
    this.openEvery = openEvery;
  }

  public void start(Duration every) {
    timer.scheduleWithFixedDelay(this::checkAll, every.toMillis(), every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** The last check of a server, if one ran since it was kept. */
  public Optional<PointCheck> last(String server) {
    ProtectedServerRow row = collection.server(server);
    PointCheck known = last.get(server);
    if (known != null) {
      return Optional.of(known);
    }
    return jdbi.withHandle(h -> h.createQuery("SELECT report FROM point_check WHERE server_id "
        + "= :id").bind("id", row.id()).mapTo(String.class).findOne())
        .map(json -> Json.read(json, PointCheck.class));
  }

  /** Checks every kept point of the server now; opens a sample if one is due. */
  public synchronized PointCheck check(String server) {
    ProtectedServerRow row = collection.server(server);
    RetentionPlan plan = retention.plan(server);
    List<FileRow> all = files.files(row.id());
    Map<Long, BaselineRow> kept = new HashMap<>();
    baselines.all(row.id()).forEach(b -> kept.put(b.id(), b));
    Map<String, Optional<String>> fileProblems = new HashMap<>();
    Map<Long, Optional<String>> baselineProblems = new HashMap<>();
    List<PointCheck.Point> results = new ArrayList<>();
    for (RetentionPlan.KeptPoint k : plan.keptPoints()) {
      List<String> problems = new ArrayList<>();
      BaselineRow b = kept.get(k.baselineId());
      baselineProblems.computeIfAbsent(k.baselineId(), id -> checkBaseline(b))
          .ifPresent(problems::add);
      List<FileRow> needed = needed(all, k);
      problems.addAll(gaps(needed));
      for (FileRow f : needed) {
        fileProblems.computeIfAbsent(f.fileName(), n -> checkFile(row.name(), f))
            .ifPresent(problems::add);
      }
      results.add(new PointCheck.Point(k.point(), k.baselineId(), k.baselineEnd(),
          needed.size(), problems));
    }
    int red = (int) results.stream().filter(p -> !p.green()).count();
    PointCheck.Opened opened = last(server).map(PointCheck::opened).orElse(null);
    if (red == 0 && !results.isEmpty() && (opened == null
        || opened.at().plus(openEvery).isBefore(Instant.now()))) {
      opened = openSample(server, results);
    }
    PointCheck check = new PointCheck(server, Instant.now(), results.size(), red, results,
        opened);
    keep(row, check);
    report(check);
    return check;
  }

  /** The log files a kept point needs, in log order: its first to its last. */
  private static List<FileRow> needed(List<FileRow> all, RetentionPlan.KeptPoint k) {
    List<FileRow> out = new ArrayList<>();
    boolean in = false;
    for (FileRow f : all) {
      if (f.isSegment() && f.fileName().equals(k.firstFile())) {
        in = true;
      }
      if (in && f.isSegment()) {
        out.add(f);
      }
      if (f.isSegment() && f.fileName().equals(k.lastFile())) {
        break;
      }
    }
    return out;
  }

  /** Missing segment numbers between the first and last a point needs. */
  private static List<String> gaps(List<FileRow> needed) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i < needed.size(); i++) {
      long before = needed.get(i - 1).sequenceNo();
      long next = needed.get(i).sequenceNo();
      if (next > before + 1) {
        out.add("gap: no segment between " + needed.get(i - 1).fileName() + " and "
            + needed.get(i).fileName());
      }
    }
    return out;
  }

  private static Optional<String> checkBaseline(BaselineRow b) {
    if (b == null) {
      return Optional.of("its baseline is no longer in the catalog");
    }
    Path archive = Path.of(b.archivePath(), BaselineArchive.ARCHIVE);
    try {
      if (!Files.exists(archive)) {
        return Optional.of("baseline " + b.end() + ": " + archive + " is missing");
      }
      if (b.archiveSha256() != null && !b.archiveSha256().equals(Sha256.hex(archive))) {
        return Optional.of("baseline " + b.end() + ": " + archive + " does not match its "
            + "SHA-256");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("baseline " + b.end() + ": cannot read " + archive + ": " + e);
    }
  }

  private Optional<String> checkFile(String server, FileRow f) {
    try {
      return collection.readStoredLogFile(server, f.fileName()).isPresent() ? Optional.empty()
          : Optional.of(f.fileName() + " is not in the catalog");
    } catch (CorruptStoredFileException e) {
      return Optional.of(f.fileName() + " is damaged: " + e.getMessage());
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.of(f.fileName() + " is missing from the store");
    } catch (IOException e) {
      return Optional.of(f.fileName() + " cannot be read: " + e);
    }
  }

  /** Opens one kept point, chosen at random, as a snapshot; drops it once it stands there. */
  private PointCheck.Opened openSample(String server, List<PointCheck.Point> points) {
    PointCheck.Point p = points.get(ThreadLocalRandom.current().nextInt(points.size()));
    Instant began = Instant.now();
    try {
      SnapshotInfo s = snapshots.open(server, new SnapshotRequest(null, p.point(), null, null,
          OPEN_LIMIT), "restorability verifier");
      while (s.state() == SnapshotState.OPENING
          && Instant.now().isBefore(began.plus(OPEN_LIMIT))) {
        Thread.sleep(500);
        s = snapshots.get(s.id());
      }
      snapshots.drop(s.id());
      boolean passed = s.state() == SnapshotState.OPEN;
      return new PointCheck.Opened(p.point(), began, passed, passed ? "opened in "
          + Duration.between(began, Instant.now()).toSeconds() + " s and dropped"
          : s.detail());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new PointCheck.Opened(p.point(), began, false, "interrupted");
    } catch (NearlineException e) {
      return new PointCheck.Opened(p.point(), began, false, e.getMessage());
    }
  }

  private void keep(ProtectedServerRow row, PointCheck check) {
    boolean firstForServer = last.put(row.name(), check) == null;
    if (firstForServer) {
      Gauge.builder("nearline.points.red", this, v -> v.red(row.name()))
          .description("Kept points a missing, damaged or gapped file keeps from restoring")
          .tag("server", row.name()).register(registry);
      Gauge.builder("nearline.points.kept", this, v -> v.count(row.name()))
          .description("Points retention keeps").tag("server", row.name()).register(registry);
    }
    String json = Json.write(check);
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM point_check WHERE server_id = :id").bind("id", row.id())
          .execute();
      h.createUpdate("INSERT INTO point_check (server_id, checked_at, points, red_points, "
          + "report, opened_at, opened_note) VALUES (:id, :at, :points, :red, :report, "
          + ":openedAt, :note)").bind("id", row.id()).bind("at", check.checkedAt())
          .bind("points", check.points()).bind("red", check.redPoints()).bind("report", json)
          .bind("openedAt", check.opened() == null ? null : check.opened().at())
          .bind("note", check.opened() == null ? null : clip(check.opened().note())).execute();
    });
  }

  private void report(PointCheck check) {
    if (check.redPoints() > 0) {
      StringBuilder b = new StringBuilder(check.redPoints() + " of " + check.points()
          + " kept points cannot be restored:");
      check.results().stream().filter(p -> !p.green()).limit(5).forEach(p -> b.append(' ')
          .append(p.point()).append(" (").append(String.join("; ", p.problems())).append(')'));
      incidents.event(check.server(), Severity.ERROR, clip(b.toString()));
    } else {
      incidents.event(check.server(), Severity.INFO, "all " + check.points() + " kept points "
          + "checked: baselines and log present, checksums match, no gaps" + (check.opened()
          == null ? "" : "; last opened " + check.opened().point() + ": "
          + (check.opened().passed() ? "passed" : "FAILED " + check.opened().note())));
    }
  }

  private double red(String server) {
    PointCheck c = last.get(server);
    return c == null ? Double.NaN : c.redPoints();
  }

  private double count(String server) {
    PointCheck c = last.get(server);
    return c == null ? Double.NaN : c.points();
  }

  private void checkAll() {
    for (ProtectedServerRow row : collection.servers()) {
      try {
        check(row.name());
      } catch (RuntimeException e) {
        log.warn("restorability check of {} failed: {}", row.name(), e.toString());
      }
    }
  }

  private static String clip(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

package io.nearline.server.pit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.common.config.Validation;
import io.nearline.common.process.Program;
import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Baselines.BaselineRow;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.CollectedFiles;
import io.nearline.server.catalog.CollectedFiles.FileRow;
import io.nearline.server.catalog.Incidents;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.Tags;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.peer.PeerService;
import io.nearline.server.pit.RetentionCatalog.Deletion;
import io.nearline.services.NearlineException;
import io.nearline.services.Severity;
import io.nearline.services.pit.HoldRequest;
import io.nearline.services.pit.LegalHold;
import io.nearline.services.pit.Retention;
import io.nearline.services.pit.RetentionPlan;
import io.nearline.services.pit.RetentionPolicy;
import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.store.LogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each server's retention: plans with {@link RetentionPlanner}, journals the deletions and
 * drops their catalog rows in one transaction, then removes the files; a start finishes what a
 * crash left. Nothing a kept point needs, a tag, a hold, an open snapshot or an unacknowledged
 * peer transfer needs is ever removed.
 */
public final class RetentionService implements Retention, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetentionService.class);

  private final CollectionService collection;
  private final LogStore store;
  private final SnapshotService snapshots;
  private final PeerService peer;
  private final RetentionCatalog catalog;
  private final Baselines baselines;
  private final CollectedFiles files;
  private final Tags tags;
  private final Incidents incidents;
  private final Clock clock;
  private final Counter removedBytes;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "nearline-retention");
    t.setDaemon(true);
    return t;
  });

  public RetentionService(Catalog catalog, CollectionService collection, LogStore store,
      SnapshotService snapshots, PeerService peer, Clock clock, MeterRegistry registry) {
    this.collection = collection;
    this.store = store;
    this.snapshots = snapshots;
    this.peer = peer;
    this.catalog = new RetentionCatalog(catalog);
    this.baselines = new Baselines(catalog);
    this.files = new CollectedFiles(catalog);
    this.tags = new Tags(catalog);
    this.incidents = new Incidents(catalog);
    this.clock = clock;
    this.removedBytes = Counter.builder("nearline.retention.removed.bytes")
        .description("Bytes retention removed from the store").baseUnit("bytes")
        .register(registry);
  }

  /** Finishes deletions a crash interrupted, then runs retention every {@code every}. */
  public void start(Duration every) {
    removePending();
    timer.scheduleWithFixedDelay(this::applyAll, every.toMillis(), every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public RetentionPolicy policy(String server) {
    return catalog.policy(collection.server(server).id()).orElse(RetentionPolicy.DEFAULT);
  }

  @Override
  public RetentionPolicy setPolicy(String server, RetentionPolicy policy) {
    ProtectedServerRow row = collection.server(server);
    Map<String, String> problems = Validation.problems(policy);
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "retention policy: " + problems, problems, null);
    }
    catalog.setPolicy(row.id(), policy);
    incidents.event(server, Severity.INFO, "retention policy set: " + policy);
    return policy;
  }

  @Override
  public RetentionPlan plan(String server) {
    return decide(collection.server(server)).plan();
  }

  @Override
  public synchronized RetentionPlan apply(String server) {
    ProtectedServerRow row = collection.server(server);
    RetentionPlanner.Decision d = decide(row);
    if (d.removeFiles().isEmpty() && d.removeBaselines().isEmpty()) {
      return d.plan();
    }
    List<Deletion> deletions = new ArrayList<>();
    for (FileRow f : d.removeFiles()) {
      deletions.add(new Deletion(0, "LOG_FILE", f.fileName(),
          store.pathOf(row.name(), f.fileName()).toString(), f.storedSize()));
    }
    for (BaselineRow b : d.removeBaselines()) {
      deletions.add(new Deletion(0, "BASELINE", b.end(), b.archivePath(), b.archiveSize()));
    }
    catalog.journalAndForget(row.id(), d.removeFiles().stream().map(FileRow::id).toList(),
        d.removeBaselines().stream().map(BaselineRow::id).toList(), deletions,
        "retention " + d.plan().policy());
    removePending();
    RetentionPlan p = d.plan();
    incidents.event(server, Severity.INFO, "retention removed " + p.removedFiles()
        + " log files (" + (p.removedFileBytes() >> 20) + " MiB, " + p.firstRemovedFile()
        + " to " + p.lastRemovedFile() + ") and " + p.removedBaselines().size()
        + " baselines; " + p.keptPoints().size() + " points kept");
    return p;
  }

  private RetentionPlanner.Decision decide(ProtectedServerRow row) {
    ApplicationConnector connector = Connectors.forKind(row.kind());
    List<RetentionPlanner.Protected> kept = new ArrayList<>();
    tags.all(row.id()).forEach(t -> kept.add(new RetentionPlanner.Protected("tag " + t.tag(),
        t.position())));
    catalog.holds(row.name()).stream().filter(h -> h.liftedAt() == null).forEach(h ->
        kept.add(new RetentionPlanner.Protected("legal hold " + h.id() + ": " + h.reason(),
            h.position())));
    return RetentionPlanner.decide(new RetentionPlanner.Inputs(row.name(), clock.instant(),
        policy(row.name()), baselines.all(row.id()), files.files(row.id()), kept,
        new HashSet<>(snapshots.baselinesInUse()), peer.acknowledged(row.id()), replayed(row),
        p -> p == null ? 0 : connector.parsePosition(p).asNumber()));
  }

  private String replayed(ProtectedServerRow row) {
    var v = collection.surrogateView(row.name());
    return v.replayed() == null ? null : v.replayed().text();
  }

  private void applyAll() {
    for (ProtectedServerRow row : collection.servers()) {
      try {
        apply(row.name());
        snapshots.trimPublished(row.id());
      } catch (RuntimeException | IOException e) {
        log.warn("retention of {} failed: {}", row.name(), e.toString());
        incidents.event(row.name(), Severity.WARN, "retention failed: " + e.getMessage());
      }
    }
  }

  /** Removes the files of journaled deletions; each is marked done once its file is gone. */
  private void removePending() {
    for (Deletion d : catalog.pending()) {
      try {
        Path p = Path.of(d.path());
        if (Files.isDirectory(p)) {
          Program.of("rm", "-rf", p.toString()).timeout(Duration.ofHours(1)).run();
        } else {
          Files.deleteIfExists(p);
        }
        catalog.done(d.id());
        removedBytes.increment(d.sizeBytes());
      } catch (IOException e) {
        log.warn("cannot remove {} ({}), tried again later: {}", d.path(), d.name(), e.toString());
      }
    }
  }

  @Override
  public LegalHold hold(String server, HoldRequest request, String by) {
    ProtectedServerRow row = collection.server(server);
    if (request.reason() == null || request.reason().isBlank()) {
      throw new NearlineException(400, "a legal hold needs a reason", Map.of("reason",
          "is required"), null);
    }
    String[] given = {request.time(), request.lsn(), request.tag()};
    long count = java.util.Arrays.stream(given).filter(s -> s != null && !s.isBlank()).count();
    if (count != 1) {
      throw new NearlineException(400, "name exactly one point to hold: --time, --lsn or --tag");
    }
    ApplicationConnector connector = Connectors.forKind(row.kind());
    String askedFor;
    String position;
    if (request.lsn() != null && !request.lsn().isBlank()) {
      askedFor = "lsn " + request.lsn();
      position = PointResolver.parsePosition(connector, request.lsn()).text();
    } else if (request.tag() != null && !request.tag().isBlank()) {
      askedFor = "tag " + request.tag();
      position = tags.find(row.id(), request.tag()).map(Tags.TagRow::position).orElseThrow(
          () -> new NearlineException(404, server + " has no tag " + request.tag()));
    } else {
      Instant at = PointResolver.parseTime(request.time());
      askedFor = "time " + at;
      // The first consistency point after the time: its log holds every commit up to it.
      position = baselines.firstPointAfter(row.id(), at).or(() -> baselines.latestPoint(row.id()))
          .map(Baselines.PointRow::position).orElseThrow(() -> new NearlineException(422,
              server + " has no recorded consistency point to hold yet"));
    }
    LegalHold h = catalog.addHold(row.id(), askedFor, position, request.reason().strip(), by);
    incidents.event(server, Severity.INFO, "legal hold " + h.id() + " set on " + askedFor
        + " by " + by + ": " + h.reason());
    return h;
  }

  @Override
  public LegalHold lift(long id, String by) {
    LegalHold h = catalog.hold(id).orElseThrow(() -> new NearlineException(404,
        "no legal hold " + id));
    if (catalog.liftHold(id, by)) {
      incidents.event(h.server(), Severity.INFO, "legal hold " + id + " on " + h.askedFor()
          + " lifted by " + by);
    }
    return catalog.hold(id).orElseThrow();
  }

  @Override
  public List<LegalHold> holds(String server) {
    if (server != null) {
      collection.server(server);
    }
    return catalog.holds(server);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

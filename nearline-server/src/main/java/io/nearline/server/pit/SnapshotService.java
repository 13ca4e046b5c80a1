package io.nearline.server.pit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.CollectedFiles;
import io.nearline.server.catalog.CollectedFiles.FileRow;
import io.nearline.server.catalog.Incidents;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.Tags;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.collect.SurrogateView;
import io.nearline.server.pit.SnapshotCatalog.SnapshotRow;
import io.nearline.services.NearlineException;
import io.nearline.services.Severity;
import io.nearline.services.pit.BaselineInfo;
import io.nearline.services.pit.ItemRestoreRequest;
import io.nearline.services.pit.ItemRestored;
import io.nearline.services.pit.SnapshotInfo;
import io.nearline.services.pit.SnapshotRequest;
import io.nearline.services.pit.SnapshotState;
import io.nearline.services.pit.Snapshots;
import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.ItemCopy;
import io.nearline.shadow.Shadowing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens read-only servers of protected databases at past points: a copy-on-write copy of the
 * newest kept baseline at or before the point, replayed to it from the store. Several may be
 * open at once; each is dropped when its time runs out. A restart of Nearline drops them all.
 */
public final class SnapshotService implements Snapshots, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SnapshotService.class);
  private static final Duration KEEP_ENDED = Duration.ofDays(1);

  private final CollectionService collection;
  private final SnapshotCatalog catalog;
  private final Baselines baselines;
  private final CollectedFiles files;
  private final Incidents incidents;
  private final PointResolver resolver;
  private final BaselinePublisher publisher;
  private final Path dir;
  private final String osUser;
  private final Duration defaultTtl;
  private final Timer openTime;
  private final Map<Long, SnapshotOpening> opening = new ConcurrentHashMap<>();
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "nearline-snapshot");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "nearline-snapshot-expiry");
        t.setDaemon(true);
        return t;
      });
  /** Log bytes replayed per second by the last snapshot opened, for the baseline schedule. */
  private volatile double replayRate;

  public SnapshotService(Catalog catalog, CollectionService collection, Path dir,
      String osUser, Duration defaultTtl, int publishedBaselines, MeterRegistry registry) {
    this.collection = collection;
    this.catalog = new SnapshotCatalog(catalog);
    this.baselines = new Baselines(catalog);
    this.files = new CollectedFiles(catalog);
    this.incidents = new Incidents(catalog);
    this.resolver = new PointResolver(baselines, new Tags(catalog));
    this.publisher = new BaselinePublisher(baselines, publishedBaselines,
        collection::cipher);
    this.dir = dir;
    this.osUser = osUser;
    this.defaultTtl = defaultTtl;
    this.openTime = Timer.builder("nearline.snapshot.open.time")
        .description("How long snapshots took to reach their point").register(registry);
    Gauge.builder("nearline.snapshot.open", this, s -> s.catalog.live().size())
        .description("Snapshots open or opening").register(registry);
  }

  /** Clears what a previous run left (snapshots do not outlive the process) and starts expiry. */
  public void start() {
    for (SnapshotRow row : catalog.live()) {
      remove(row, SnapshotState.DROPPED, "dropped: Nearline stopped while it was "
          + row.state().name().toLowerCase(java.util.Locale.ROOT));
    }
    sweeper.scheduleWithFixedDelay(this::dropExpired, 10, 10, TimeUnit.SECONDS);
  }

  @Override
  public SnapshotInfo open(String server, SnapshotRequest request, String by) {
    ProtectedServerRow row = collection.server(server);
    ApplicationConnector connector = Connectors.forKind(row.kind());
    Shadowing shadowing = connector.shadowing(row.identity()).orElseThrow(() ->
        new NearlineException(422, row.kind() + " servers cannot be opened on the near-line"));
    List<FileRow> all = files.files(row.id());
    PointResolver.Resolved point = resolver.resolve(row, connector, request,
        newest(row, connector, all));
    Duration ttl = request.ttl() == null ? defaultTtl : request.ttl();
    if (ttl.isNegative() || ttl.isZero()) {
      throw new NearlineException(400, "ttl must be positive, not " + ttl,
          Map.of("ttl", "must be positive"), null);
    }
    Instant now = Instant.now();
    int port = freePort();
    long id = catalog.insert(row.id(), point.askedFor(), point.target().kind().name(),
        point.target().value(), point.baseline().id(), port, by, now, now.plus(ttl));
    Path home = dir.resolve(Long.toString(id));
    SnapshotOpening o = new SnapshotOpening(id, row, shadowing, point, home, port, osUser,
        toReplay(all, point, connector), collection, publisher);
    opening.put(id, o);
    workers.submit(() -> finish(o));
    incidents.event(row.name(), Severity.INFO, "snapshot " + id + " opening at " + point
        .askedFor() + " from baseline " + point.baseline().end() + " (asked by " + by + ")");
    return get(id);
  }

  private void finish(SnapshotOpening o) {
    try {
      o.run();
      catalog.setState(o.id(), SnapshotState.OPEN, o.summary());
      openTime.record(o.elapsed());
      replayRate = o.replayRate();
      incidents.event(o.server().name(), Severity.INFO, "snapshot " + o.id() + " open: "
          + o.summary());
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      log.warn("snapshot {} of {} failed: {}", o.id(), o.server().name(), why);
      o.discard();
      catalog.setState(o.id(), SnapshotState.FAILED, why);
      incidents.event(o.server().name(), Severity.ERROR, "snapshot " + o.id() + " at "
          + o.point().askedFor() + " failed: " + why);
    } finally {
      opening.remove(o.id());
    }
  }

  /** The newest point that can be opened: the newest collected log and commit seen. */
  private PointResolver.Newest newest(ProtectedServerRow row, ApplicationConnector connector,
      List<FileRow> all) {
    SurrogateView v = collection.surrogateView(row.name());
    Instant commit = v.replayedAt();
    if (v.consistencyPoint() != null && v.consistencyPoint().commitTime() != null
        && (commit == null || v.consistencyPoint().commitTime().isAfter(commit))) {
      commit = v.consistencyPoint().commitTime();
    }
    return new PointResolver.Newest(PointResolver.newestCollected(all, connector), commit);
  }

  /**
   * The files replay reads: every companion, then the segments from the baseline's start on
   * its lineage or later, up to the one holding the point it stops by, and one more.
   */
  static List<FileRow> toReplay(List<FileRow> all, PointResolver.Resolved point,
      ApplicationConnector connector) {
    double start = point.start().asNumber();
    double stop = point.stopBy() == null ? Double.MAX_VALUE : point.stopBy().asNumber();
    long lineage = point.baseline().lineage();
    List<FileRow> segments = all.stream().filter(f -> f.isSegment() && f.lineage() >= lineage
        && number(connector, f.endPos()) > start).toList();
    int last = segments.size() - 1;
    for (int i = 0; i < segments.size(); i++) {
      if (number(connector, segments.get(i).startPos()) > stop) {
        last = i;
        break;
      }
    }
    List<FileRow> out = new java.util.ArrayList<>(all.stream().filter(f -> !f.isSegment())
        .toList());
    out.addAll(segments.subList(0, last + 1));
    return out;
  }

  private static double number(ApplicationConnector connector, String position) {
    return position == null ? 0 : connector.parsePosition(position).asNumber();
  }

  @Override
  public List<SnapshotInfo> list(String server) {
    if (server != null) {
      collection.server(server);
    }
    return catalog.recent(server, Instant.now().minus(KEEP_ENDED)).stream().map(this::info)
        .toList();
  }

  @Override
  public SnapshotInfo get(long id) {
    return catalog.find(id).map(this::info).orElseThrow(() -> new NearlineException(404,
        "no snapshot " + id + "; `nearline snapshot list` shows them"));
  }

  @Override
  public ItemRestored restoreItem(long id, ItemRestoreRequest request, String by) {
    Map<String, String> problems = io.nearline.common.config.Validation.problems(request);
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "item restore: " + problems, problems, null);
    }
    SnapshotRow row = catalog.find(id).orElseThrow(() -> new NearlineException(404,
        "no snapshot " + id));
    if (row.state() != SnapshotState.OPEN) {
      throw new NearlineException(409, "snapshot " + id + " is " + row.state().name()
          .toLowerCase(java.util.Locale.ROOT) + "; items are copied from an open one");
    }
    ProtectedServerRow server = collection.server(row.server());
    Shadowing shadowing = Connectors.forKind(server.kind()).shadowing(server.identity())
        .orElseThrow();
    ItemCopy copy = shadowing.itemCopy().orElseThrow(() -> new NearlineException(422,
        server.kind() + " has no items to restore one by one"));
    String into = request.into() == null || request.into().isBlank()
        || request.into().equals("primary") ? server.primaryConnection() : request.into();
    try {
      ItemCopy.Copied c = copy.copy(connection(row), into, request.table(), request.where(),
          request.as());
      incidents.event(server.name(), Severity.INFO, "item restore by " + by + ": " + c.rows()
          + " rows of " + c.item() + " at " + row.askedFor() + " copied to " + c.target()
          + (request.where() == null ? "" : " (where " + request.where() + ")"));
      return new ItemRestored(id, row.askedFor(), c.item(), c.target(), c.rows());
    } catch (io.nearline.shadow.ShadowException e) {
      throw new NearlineException(422, e.getMessage());
    }
  }

  @Override
  public SnapshotInfo drop(long id) {
    SnapshotRow row = catalog.find(id).orElseThrow(() -> new NearlineException(404,
        "no snapshot " + id));
    SnapshotOpening o = opening.get(id);
    if (o != null) {
      o.cancel();
    }
    if (row.endedAt() == null) {
      remove(row, SnapshotState.DROPPED, "dropped on request");
      incidents.event(row.server(), Severity.INFO, "snapshot " + id + " dropped");
    }
    return get(id);
  }

  /** Log bytes per second the last snapshot replayed; 0 before one has opened. */
  public double replayRate() {
    return replayRate;
  }

  @Override
  public List<BaselineInfo> baselines(String server) {
    return baselines.all(collection.server(server).id()).stream()
        .map(SyntheticBaselines::info).toList();
  }

  /** Unpublishes all but the newest few baselines of a server, sparing those in use. */
  public int trimPublished(int serverId) throws IOException {
    return publisher.trim(serverId, baselinesInUse());
  }

  /** Kept baselines that live snapshots are built on. */
  public List<Long> baselinesInUse() {
    return catalog.baselinesInUse();
  }

  private void dropExpired() {
    Instant now = Instant.now();
    for (SnapshotRow row : catalog.live()) {
      if (row.expiresAt().isBefore(now) && !opening.containsKey(row.id())) {
        remove(row, SnapshotState.DROPPED, "dropped: its time ran out at " + row.expiresAt());
        incidents.event(row.server(), Severity.INFO, "snapshot " + row.id() + " expired");
      }
    }
  }

  private void remove(SnapshotRow row, SnapshotState state, String detail) {
    try {
      ProtectedServerRow server = collection.server(row.server());
      Connectors.forKind(server.kind()).shadowing(server.identity()).ifPresent(s ->
          SnapshotOpening.stopAndRemove(s, server, dir.resolve(Long.toString(row.id())),
              row.port(), osUser));
    } catch (RuntimeException e) {
      log.warn("cannot remove snapshot {}: {}", row.id(), e.toString());
    }
    catalog.setState(row.id(), state, detail);
  }

  private SnapshotInfo info(SnapshotRow r) {
    SnapshotOpening o = r.state() == SnapshotState.OPENING ? opening.get(r.id()) : null;
    SnapshotOpening.Progress p = o == null ? null : o.progress();
    String connection = r.state() == SnapshotState.OPEN ? connection(r) : null;
    String baseline = baselines.find(r.baselineId()).map(Baselines.BaselineRow::end)
        .orElse(null);
    return new SnapshotInfo(r.id(), r.server(), r.askedFor(), r.targetKind()
        .toLowerCase(java.util.Locale.ROOT) + " " + r.targetValue(), r.state(),
        p != null ? p.detail() : r.detail(), baseline, r.port(), connection,
        p == null ? null : p.replayed(), p == null ? null : p.replayedCommitAt(),
        p == null ? null : p.bytesLeft(), p == null ? null : p.secondsLeft(), r.createdAt(),
        r.expiresAt(), r.endedAt());
  }

  /** How a client reaches an open snapshot, in the application's own form. */
  private String connection(SnapshotRow r) {
    ProtectedServerRow server = collection.server(r.server());
    return Connectors.forKind(server.kind()).shadowing(server.identity())
        .map(s -> SnapshotOpening.connection(s, server, dir.resolve(Long.toString(r.id())),
            r.port(), osUser)).orElse(null);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new NearlineException(503, "no free loopback port for a snapshot: " + e);
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    opening.values().forEach(SnapshotOpening::cancel);
    workers.shutdown();
    try {
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SnapshotRow row : catalog.live()) {
      remove(row, SnapshotState.DROPPED, "dropped: Nearline stopped");
    }
  }

}

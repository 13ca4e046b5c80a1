package io.nearline.server.collect;

import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.common.config.Validation;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.CollectedFiles;
import io.nearline.server.catalog.Incidents;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.secret.SecretBox;
import io.nearline.server.smb.SmbShare;
import io.nearline.services.Event;
import io.nearline.services.NearlineException;
import io.nearline.services.ProtectRequest;
import io.nearline.services.Protection;
import io.nearline.services.ServerStatus;
import io.nearline.services.Severity;
import io.nearline.services.ShareLocation;
import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.IdentityUnavailableException;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.store.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Protects servers and runs one collector for each, polling on a shared scheduler. */
public final class CollectionService implements Protection, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CollectionService.class);

  private final ProtectedServers servers;
  private final CollectedFiles files;
  private final Incidents incidents;
  private final LogStore store;
  private final SecretBox secrets;
  private final MeterRegistry registry;
  private final CollectionSettings settings;
  private final ScheduledExecutorService pollers;
  private final ExecutorService transfers;
  private final BufferPool buffers;
  private final LogFileReader reader;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private volatile ServerLifecycle lifecycle = ServerLifecycle.NONE;
  private final List<Consumer<ProtectedServerRow>> removalListeners = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> damagedReported = ConcurrentHashMap.newKeySet();

  private record Running(Collector<?> collector, ScheduledFuture<?> schedule,
      WakeOnChange wake) {}

  public CollectionService(Catalog catalog, LogStore store, SecretBox secrets,
      MeterRegistry registry, CollectionSettings settings) {
    this.servers = new ProtectedServers(catalog);
    this.files = new CollectedFiles(catalog);
    this.incidents = new Incidents(catalog);
    this.store = store;
    this.secrets = secrets;
    this.registry = registry;
    this.settings = settings;
    this.pollers = Executors.newScheduledThreadPool(2, daemon("nearline-poll"));
    this.transfers = Executors.newFixedThreadPool(settings.transferWindow(), daemon("nearline-transfer"));
    this.buffers = new BufferPool(settings.transferWindow());
    this.reader = new LogFileReader(store, files);
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public void setLifecycle(ServerLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * Adds what must also stop when a server is removed (its primary's watch, say); called
   * before {@link #remove} returns, after collection, staging and the surrogate have stopped.
   */
  public void onRemoval(Consumer<ProtectedServerRow> listener) {
    removalListeners.add(listener);
  }

  /** Starts collecting for every server in the catalog. */
  public void start() {
    for (ProtectedServerRow row : servers.all()) {
      startCollector(row);
    }
  }

  /**
   * Checks everything before saving: the fields, that the primary answers with its identity,
   * and that the share opens with these credentials. Then starts collecting.
   */
  @Override
  public ServerStatus protect(ProtectRequest request) {
    Map<String, String> problems = Validation.problems(request);
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "invalid protect request", problems, null);
    }
    if (servers.find(request.name()).isPresent()) {
      throw new NearlineException(409, "a server named '" + request.name() + "' is already protected");
    }
    ApplicationConnector connector = Connectors.forKind(request.kind());
    ServerIdentity identity;
    try {
      identity = connector.identify(request.primary());
    } catch (IdentityUnavailableException | IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage(), Map.of("primary", e.getMessage()), e);
    }
    ShareLocation location = ShareLocation.parse(request.share());
    try (SmbShare share = openShare(location, request.user(), request.password().toCharArray())) {
      share.list();
    } catch (IOException e) {
      Failures.Failure f = Failures.classify(e);
      throw new NearlineException(f.kind() == Failures.Kind.PERMANENT ? 400 : 502,
          "cannot read " + location + ": " + f.message(), Map.of("share", f.message()), e);
    }
    boolean surrogate = request.wantsSurrogate() && connector.shadowing(identity).isPresent();
    ProtectedServerRow row = servers.insert(request.name(), connector.kind(), location.url(),
        request.user(), secrets.seal(request.password().toCharArray()), request.primary(), identity,
        surrogate);
    incidents.event(row.name(), Severity.INFO, "protected: share " + location + ", system identifier "
        + identity.systemIdentifier() + ", " + connector.kind() + " " + identity.version());
    log.atInfo().addKeyValue("server", row.name()).addKeyValue("share", location.url())
        .addKeyValue("systemIdentifier", identity.systemIdentifier()).log("server protected");
    startCollector(row);
    lifecycle.protectedServer(row);
    return status(row.name());
  }

  private void startCollector(ProtectedServerRow row) {
    SmbShare share = openShare(ShareLocation.parse(row.shareUrl()), row.shareUser(),
        secrets.open(row.sealedPassword()));
    Collector<?> collector = Collector.create(row,
        Connectors.forKind(row.kind()).logFormat(row.identity()), share, store, files, incidents,
        settings, transfers, buffers, registry);
    collector.onCollected(segment -> reader.collected(row.id(), segment));
    ScheduledFuture<?> schedule = pollers.scheduleWithFixedDelay(collector::tick, 0,
        settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    WakeOnChange wake = WakeOnChange.start(share, collector::tick, settings.pollInterval(),
        row.name());
    running.put(row.name(), new Running(collector, schedule, wake));
  }

  private SmbShare openShare(ShareLocation location, String user, char[] password) {
    return new SmbShare(location, user, password, settings.connections(), settings.transferRetry());
  }

  @Override
  public List<ServerStatus> statuses() {
    List<ServerStatus> all = new ArrayList<>();
    for (ProtectedServerRow row : servers.all()) {
      all.add(status(row.name()));
    }
    return all;
  }

  @Override
  public ServerStatus status(String name) {
    Running r = require(name);
    ProtectedServerRow row = r.collector().server();
    CollectorStatus c = r.collector().status();
    SurrogateView v = lifecycle.view(name);
    return new ServerStatus(row.name(), row.kind(), c.state(), row.shareUrl(),
        row.identity().systemIdentifier(), c.lastSegment(), c.lastCollectedAt(),
        c.segmentsCollected(), c.bytesCollected(), c.pendingSegments(), c.lagSeconds(),
        incidents.openGaps(row.id()), incidents.openQuarantine(row.id()), c.errors(),
        c.lastError(), v.state(), v.replayed(), v.replayedAt(), v.rpoSeconds(),
        v.connection(), v.error(), v.consistencyPoint());
  }

  /** Where the newest collected segment starts, in the application's text form, if any. */
  public java.util.Optional<String> newestSegmentStart(String name) {
    return files.newestSegmentStart(require(name).collector().server().id());
  }

  /** When the server last committed a collected segment, or null. */
  public java.time.Instant lastCollectedAt(String name) {
    return require(name).collector().status().lastCollectedAt();
  }

  /**
   * A collected file's bytes, checked against the checksum recorded when it was collected;
   * empty if it has not been collected.
   *
   * @throws io.nearline.shadow.store.CorruptStoredFileException if the stored copy is damaged
   */
  public java.util.Optional<byte[]> readLogFile(String name, String fileName)
      throws IOException {
    ProtectedServerRow row = require(name).collector().server();
    return reader.read(row.id(), row.name(), fileName);
  }

  @Override
  public List<Event> events(String name, int limit) {
    require(name);
    return incidents.recentEvents(name, limit);
  }

  /**
   * Puts a collected file, verified, into the server's surrogate spool (and stages what follows
   * it); false if the file is not collected.
   *
   * @throws io.nearline.shadow.store.CorruptStoredFileException if the stored copy is damaged
   */
  public boolean stageLogFile(String name, String fileName) throws IOException {
    ProtectedServerRow row = require(name).collector().server();
    java.nio.file.Path spool = lifecycle.spool(name);
    if (spool == null) {
      throw new NearlineException(404, name + " keeps no surrogate");
    }
    return reader.stage(row.id(), row.name(), fileName,
        new LogFileReader.Spool(spool, lifecycle.spoolOwner()));
  }

  /** Records, once per file, that a stored file failed its checksum when read back. */
  public void reportDamagedFile(String name, String fileName, String detail) {
    if (damagedReported.add(name + "/" + fileName)) {
      log.atError().addKeyValue("server", name).addKeyValue("file", fileName)
          .log("stored file is damaged: {}", detail);
      incidents.event(name, Severity.ERROR, "stored file " + fileName + " is damaged: " + detail);
    }
    registry.counter("nearline.store.damaged.reads", "server", name).increment();
  }

  @Override
  public ServerStatus pause(String name) {
    Running r = require(name);
    servers.setPaused(r.collector().server().id(), true);
    r.collector().pause();
    return status(name);
  }

  @Override
  public ServerStatus resume(String name) {
    Running r = require(name);
    servers.setPaused(r.collector().server().id(), false);
    r.collector().resume();
    return status(name);
  }

  /**
   * After a failback the primary's history goes on along a new timeline, from a new baseline:
   * collection restarts at that baseline's first segment (the gap before it closed, with the
   * reason recorded) and resumes. What was collected before stays in the store.
   */
  public void restartAt(String name, String firstSegment) {
    Running r = require(name);
    int id = r.collector().server().id();
    servers.setLastSegment(id, r.collector().restartAt(firstSegment));
    incidents.resolveGaps(id);
    incidents.event(name, Severity.INFO, "collecting afresh from " + firstSegment + ", the first "
        + "segment of a new baseline: the log's history was rewritten by a failback");
    resume(name);
  }

  /** Stops protecting a server and deletes its catalog records and stored files. */
  @Override
  public void remove(String name) {
    Running r = require(name);
    ProtectedServerRow row = r.collector().server();
    running.remove(name);
    stop(r);
    java.nio.file.Path spool = lifecycle.spool(name);
    if (spool != null) {
      reader.stopStaging(row.id(), spool);
    }
    lifecycle.removing(row);
    removalListeners.forEach(listener -> listener.accept(row));
    servers.delete(row.id());
    try {
      store.removeServer(name);
    } catch (IOException e) {
      throw new UncheckedIOException(name + " is no longer protected, but not all of its"
          + " stored files could be deleted: " + e.getMessage(), e);
    }
    incidents.event(name, Severity.INFO, "removed: catalog records and stored files deleted");
  }

  private void stop(Running r) {
    r.wake().close();
    r.schedule().cancel(false);
    r.collector().close(); // waits for a poll in progress: tick() holds the same lock
  }

  private Running require(String name) {
    Running r = running.get(name);
    if (r == null) {
      throw NearlineException.notFound(name);
    }
    return r;
  }

  @Override
  public void close() {
    running.values().forEach(this::stop);
    running.clear();
    pollers.shutdownNow();
    transfers.shutdownNow();
    reader.close();
  }
}

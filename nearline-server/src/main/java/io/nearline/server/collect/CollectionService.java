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
import io.nearline.services.CollectorState;
import io.nearline.services.Event;
import io.nearline.services.NearlineException;
import io.nearline.services.ProtectRequest;
import io.nearline.services.Protection;
import io.nearline.services.ServerStatus;
import io.nearline.services.Severity;
import io.nearline.services.ShareLocation;
import io.nearline.services.peer.PeerLinkStatus;
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
  private final ReplicaIntake intake;
  private final List<Runnable> onCommitted = new CopyOnWriteArrayList<>();
  private volatile java.util.function.Function<String, PeerLinkStatus> peerView = name -> null;
  private volatile java.util.function.Function<String, io.nearline.services.pit.Restorability>
      restorabilityView = name -> null;
  /** Null while this near-line collects; otherwise what its collectors show instead. */
  private volatile CollectorState standing;

  /** A server's collector; one that stands by has neither schedule nor wake. */
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
    this.intake = new ReplicaIntake(servers, files, store);
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Adds what hears, on the poll thread, that a segment was committed: it must be quick. */
  public void onCommitted(Runnable listener) {
    onCommitted.add(listener);
  }

  /** Where statuses take the restorability verifier's part from. */
  public void setRestorabilityView(
      java.util.function.Function<String, io.nearline.services.pit.Restorability> view) {
    this.restorabilityView = view;
  }

  /** Where statuses take the peer link's part from. */
  public void setPeerView(java.util.function.Function<String, PeerLinkStatus> peerView) {
    this.peerView = peerView;
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
    ServerIdentity identity = identify(connector, request.primary());
    ShareLocation location = ShareLocation.parse(request.share());
    listShare(location, request.user(), request.password());
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

  @Override
  public String checkShare(String share, String user, String password) {
    ShareLocation location;
    try {
      location = ShareLocation.parse(share);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage(), Map.of("share", e.getMessage()), e);
    }
    if (user == null || user.isBlank()) {
      throw new NearlineException(400, "the SMB user is required", Map.of("user",
          "is required: the account that may read the share"), null);
    }
    int files = listShare(location, user, password == null ? "" : password);
    return "listed " + location + " as " + user + ": " + files + " file" + (files == 1 ? "" : "s");
  }

  @Override
  public String checkPrimary(String kind, String primary) {
    ApplicationConnector connector;
    try {
      connector = Connectors.forKind(kind);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage(), Map.of("kind", e.getMessage()), e);
    }
    ServerIdentity identity = identify(connector, primary);
    return connector.kind() + " " + identity.version() + ", system identifier "
        + identity.systemIdentifier() + (connector.shadowing(identity).isPresent()
            ? "; a surrogate can be kept" : "; no surrogate for this version here");
  }

  private static ServerIdentity identify(ApplicationConnector connector, String primary) {
    try {
      return connector.identify(primary);
    } catch (IdentityUnavailableException | IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage(), Map.of("primary", e.getMessage()), e);
    }
  }

  /** Lists the share with these credentials: how many entries it holds, or why it cannot. */
  private int listShare(ShareLocation location, String user, String password) {
    try (SmbShare share = openShare(location, user, password.toCharArray())) {
      return share.list().size();
    } catch (IOException e) {
      Failures.Failure f = Failures.classify(e);
      // The credentials' fault is shown at the password, anything else at the share.
      String field = f.message().startsWith("authentication")
          || f.message().startsWith("the share's account") ? "password" : "share";
      throw new NearlineException(f.kind() == Failures.Kind.PERMANENT ? 400 : 502,
          "cannot read " + location + ": " + f.message(), Map.of(field, f.message()), e);
    }
  }

  private synchronized void startCollector(ProtectedServerRow row) {
    SmbShare share = openShare(ShareLocation.parse(row.shareUrl()), row.shareUser(),
        secrets.open(row.sealedPassword()));
    Collector<?> collector = Collector.create(row,
        Connectors.forKind(row.kind()).logFormat(row.identity()), share, store, files, incidents,
        settings, transfers, buffers, registry);
    collector.onCollected((fileName, sha256, content) -> {
      reader.collected(row.id(), fileName, sha256, content);
      onCommitted.forEach(Runnable::run);
    });
    if (standing != null) {
      running.put(row.name(), new Running(collector, null, null));
      return;
    }
    ScheduledFuture<?> schedule = pollers.scheduleWithFixedDelay(collector::tick, 0,
        settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    WakeOnChange wake = WakeOnChange.start(share, collector::tick, settings.pollInterval(),
        row.name());
    running.put(row.name(), new Running(collector, schedule, wake));
  }

  /**
   * Stops collecting from every share, and keeps it so (for a near-line that receives its log
   * from another, or was fenced); statuses show {@code standing}. Files still arrive through
   * {@link #receive}.
   */
  public synchronized void standBy(CollectorState standing) {
    this.standing = standing;
    restartCollectors();
  }

  /** Collects again, each server from the first segment this near-line lacks. */
  public synchronized void collect() {
    this.standing = null;
    restartCollectors();
  }

  private void restartCollectors() {
    for (String name : List.copyOf(running.keySet())) {
      Running r = running.remove(name);
      if (r != null) {
        stop(r);
        servers.find(name).ifPresent(this::startCollector);
      }
    }
  }

  /**
   * Takes in a server as the active near-line holds it, without checking the primary or the
   * share (the active did; this near-line may not reach them yet). A server known already gets
   * the new share, credentials and connection.
   */
  public synchronized void adopt(ProtectRequest server, ServerIdentity identity,
      boolean surrogateWanted) {
    java.util.Optional<ProtectedServerRow> known = servers.find(server.name());
    String sealed = secrets.seal(server.password().toCharArray());
    if (known.isPresent()) {
      ProtectedServerRow row = known.get();
      if (!row.shareUrl().equals(server.share()) || !row.shareUser().equals(server.user())
          || !java.util.Objects.equals(row.primaryConnection(), server.primary())) {
        servers.setAccess(row.id(), server.share(), server.user(), sealed, server.primary());
      }
      return;
    }
    ProtectedServerRow row = servers.insert(server.name(), server.kind(), server.share(),
        server.user(), sealed, server.primary(), identity, surrogateWanted);
    incidents.event(row.name(), Severity.INFO, "taken over from the active near-line: share "
        + server.share() + ", system identifier " + identity.systemIdentifier());
    startCollector(row);
    lifecycle.protectedServer(row);
  }

  /** Every protected server, as the catalog holds it. */
  public List<ProtectedServerRow> servers() {
    return running.values().stream().map(r -> r.collector().server()).toList();
  }

  /** How the store seals and opens what it keeps (encryption at rest). */
  public io.nearline.shadow.store.StoreCipher cipher() {
    return store.cipher();
  }

  /** The server's surrogate as status shows it. */
  public SurrogateView surrogateView(String name) {
    return lifecycle.view(name);
  }

  /**
   * The server as the catalog holds it.
   *
   * @throws NearlineException 404 if it is not protected here
   */
  public ProtectedServerRow server(String name) {
    return require(name).collector().server();
  }

  /** The age of what the server's surrogate has replayed, or null if it has none. */
  public Double surrogateRpoSeconds(String name) {
    return lifecycle.view(name).rpoSeconds();
  }

  /** Whether this near-line stands by instead of collecting (it is a peer, or fenced). */
  public boolean isStandingBy() {
    return standing != null;
  }

  /** Whether {@code server} is protected here. */
  public boolean isProtected(String server) {
    return running.containsKey(server);
  }

  /**
   * A log file from the active near-line: checked like a collected one, stored, committed, and
   * handed to the surrogate if it waits for it. True if it was new, false if held already.
   *
   * @throws io.nearline.shadow.InvalidLogFileException if its bytes are not what it claims
   * @throws ReplicaOutOfOrderException if it does not continue the log held here
   */
  public boolean receive(String server, String fileName, byte[] content, String sha256,
      String previousSegment) throws Exception {
    ProtectedServerRow row = require(server).collector().server();
    boolean committed = intake.receive(row, fileName, content, sha256, previousSegment)
        == ReplicaIntake.Outcome.COMMITTED;
    if (committed) {
      reader.collected(row.id(), fileName, sha256, content);
    }
    return committed;
  }

  /** Whether a file of {@code server} is held here with this checksum. */
  public boolean holds(String server, String fileName, String sha256) {
    return files.sha256(require(server).collector().server().id(), fileName)
        .map(sha256::equals).orElse(false);
  }

  private SmbShare openShare(ShareLocation location, String user, char[] password) {
    return new SmbShare(location, user, password, settings.connections(), settings.transferRetry());
  }

  @Override
  public List<ServerStatus> statuses() {
    List<ServerStatus> all = new ArrayList<>();
    for (ProtectedServerRow row : servers.all()) {
      try {
        all.add(status(row.name()));
      } catch (NearlineException e) {
        if (e.status() != 404) {
          throw e;
        }
        // Being removed (its collector goes first, its catalog row last): no longer protected.
      }
    }
    return all;
  }

  @Override
  public ServerStatus status(String name) {
    Running r = require(name);
    ProtectedServerRow row = r.collector().server();
    CollectorStatus c = standing == null ? r.collector().status() : standingStatus(name);
    SurrogateView v = lifecycle.view(name);
    return new ServerStatus(row.name(), row.kind(), c.state(), row.shareUrl(),
        row.identity().systemIdentifier(), c.lastSegment(), c.lastCollectedAt(),
        c.segmentsCollected(), c.bytesCollected(), c.pendingSegments(), c.lagSeconds(),
        incidents.openGaps(row.id()), incidents.openQuarantine(row.id()), c.errors(),
        c.lastError(), v.state(), v.replayed(), v.replayedAt(), v.rpoSeconds(),
        v.connection(), v.error(), v.consistencyPoint(), peerView.apply(name),
        restorabilityView.apply(name));
  }

  private CollectorStatus standingStatus(String name) {
    ProtectedServerRow now = servers.find(name).orElseThrow(() -> NearlineException.notFound(name));
    return new CollectorStatus(standing, now.lastSegment(), now.lastCollectedAt(),
        now.segmentsCollected(), now.bytesCollected(), 0, 0, 0, null);
  }

  /** Where the newest collected segment starts, in the application's text form, if any. */
  public java.util.Optional<String> newestSegmentStart(String name) {
    return files.newestSegmentStart(require(name).collector().server().id());
  }

  /** When the server last committed a collected segment, or null. */
  public java.time.Instant lastCollectedAt(String name) {
    return standing == null ? require(name).collector().status().lastCollectedAt()
        : standingStatus(name).lastCollectedAt();
  }

  /**
   * A collected file's bytes, checked against the checksum recorded when it was collected;
   * empty if it has not been collected. A file committed moments ago comes from memory, shared:
   * the array must not be changed.
   *
   * @throws io.nearline.shadow.store.CorruptStoredFileException if the stored copy is damaged
   */
  public java.util.Optional<byte[]> readLogFile(String name, String fileName)
      throws IOException {
    ProtectedServerRow row = require(name).collector().server();
    return reader.read(row.id(), row.name(), fileName);
  }

  /**
   * The same, always read back from the store, never from memory: for checking the store.
   *
   * @throws io.nearline.shadow.store.CorruptStoredFileException if the stored copy is damaged
   */
  public java.util.Optional<byte[]> readStoredLogFile(String name, String fileName)
      throws IOException {
    ProtectedServerRow row = require(name).collector().server();
    return reader.readStored(row.id(), row.name(), fileName);
  }

  @Override
  public List<Event> events(String name, int limit) {
    require(name);
    return incidents.recentEvents(name, limit);
  }

  /**
   * Puts a collected file, verified, into the server's surrogate spool (and stages what follows
   * it); false if the file is not collected. A segment asked for again waits a few seconds for
   * it first: replay is then waiting for nothing else.
   *
   * @throws io.nearline.shadow.store.CorruptStoredFileException if the stored copy is damaged
   */
  public boolean stageLogFile(String name, String fileName) throws IOException {
    ProtectedServerRow row = require(name).collector().server();
    java.nio.file.Path spool = lifecycle.spool(name);
    if (spool == null) {
      throw new NearlineException(404, name + " keeps no surrogate");
    }
    boolean segment = Connectors.forKind(row.kind()).logFormat(row.identity())
        .parseSegment(fileName).isPresent();
    return reader.stage(row.id(), row.name(), fileName,
        new LogFileReader.Spool(spool, lifecycle.spoolOwner()), segment);
  }

  /** Answers every ask a surrogate has held open, and holds no more: the server is stopping. */
  public void stopHoldingAsks() {
    reader.stopHolding();
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
  public synchronized void remove(String name) {
    Running r = require(name);
    ProtectedServerRow row = r.collector().server();
    running.remove(name);
    stop(r);
    java.nio.file.Path spool = lifecycle.spool(name);
    reader.forget(row.id());
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
    if (r.wake() != null) {
      r.wake().close();
      r.schedule().cancel(false);
    }
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

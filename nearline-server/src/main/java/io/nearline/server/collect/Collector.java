package io.nearline.server.collect;

import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.server.catalog.CollectedFiles;
import io.nearline.server.catalog.Incidents;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.smb.RemoteFile;
import io.nearline.server.smb.SmbShare;
import io.nearline.server.smb.TransferWatcher;
import io.nearline.services.CollectorState;
import io.nearline.services.Quarantined;
import io.nearline.services.Severity;
import io.nearline.shadow.InvalidLogFileException;
import io.nearline.shadow.LogFormat;
import io.nearline.shadow.LogSegmentId;
import io.nearline.shadow.SegmentBounds;
import io.nearline.shadow.store.LogStore;
import io.nearline.shadow.store.Sha256;
import io.nearline.shadow.store.StoredLogFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one protected server's log. {@link #tick()} runs on one scheduler thread at a time;
 * status may be read from any thread.
 */
final class Collector<S extends LogSegmentId<S>> {
  private static final Logger log = LoggerFactory.getLogger(Collector.class);

  private final ProtectedServerRow server;
  private final LogFormat<S> format;
  private final SmbShare share;
  private final LogStore store;
  private final CollectedFiles files;
  private final Incidents incidents;
  private final CollectionSettings settings;
  private final ExecutorService transfers;
  private final BufferPool buffers;
  private final CollectorMeters meters;

  private final Object stateLock = new Object();
  private volatile CollectorState state = CollectorState.COLLECTING;
  private volatile String lastError;
  private volatile boolean paused;
  private volatile Instant nextAttempt = Instant.EPOCH;
  private volatile Instant lastCollectedAt;
  private volatile long segmentsCollected;
  private volatile long bytesCollected;
  private volatile S last;

  private int consecutiveFailures;
  private boolean closed;
  private Set<String> companions;
  private final Map<String, RemoteFile> rejected = new HashMap<>();
  private final PendingSegments pending;
  /** Transfers broken and waiting to resume: while there are any, the state is retrying. */
  private final Set<String> resuming = ConcurrentHashMap.newKeySet();
  private volatile CommitListener onCollected = (name, sha256, content) -> {};
  private final TransferWatcher watcher = new TransferWatcher() {
    @Override
    public void broken(RemoteFile file, long offset, int attempt, int attempts, Duration pause,
        String cause) {
      resuming.add(file.name());
      transition(CollectorState.RETRYING, "transfer of " + file.name() + " broke at byte "
          + offset + " (" + cause + "); resuming in " + pause.toMillis() + " ms, attempt "
          + attempt + " of " + attempts);
    }

    @Override
    public void resumed(RemoteFile file) {
      resuming.remove(file.name());
      if (resuming.isEmpty() && state == CollectorState.RETRYING) {
        transition(CollectorState.COLLECTING, null);
      }
    }
  };

  private Collector(ProtectedServerRow server, LogFormat<S> format, SmbShare share,
      LogStore store, CollectedFiles files, Incidents incidents, CollectionSettings settings,
      ExecutorService transfers, BufferPool buffers, MeterRegistry registry) {
    this.server = server;
    this.format = format;
    this.share = share;
    this.store = store;
    this.files = files;
    this.incidents = incidents;
    this.settings = settings;
    this.transfers = transfers;
    this.buffers = buffers;
    this.paused = server.paused();
    this.state = paused ? CollectorState.PAUSED : CollectorState.COLLECTING;
    this.last = server.lastSegment() == null ? null
        : format.parseSegment(server.lastSegment()).orElseThrow();
    this.lastCollectedAt = server.lastCollectedAt();
    this.segmentsCollected = server.segmentsCollected();
    this.bytesCollected = server.bytesCollected();
    this.pending = new PendingSegments(server.identity().segmentSize(), settings.settleTime());
    this.meters = new CollectorMeters(registry, server.name(), this, share);
  }

  static <S extends LogSegmentId<S>> Collector<S> create(ProtectedServerRow server,
      LogFormat<S> format, SmbShare share, LogStore store, CollectedFiles files,
      Incidents incidents, CollectionSettings settings, ExecutorService transfers,
      BufferPool buffers, MeterRegistry registry) {
    return new Collector<>(server, format, share, store, files, incidents, settings, transfers,
        buffers, registry);
  }

  /** Hears of each file once it is committed, on the poll thread: must return quickly. */
  interface CommitListener {
    /** @param content the bytes checked and stored, the listener's own to keep */
    void committed(String fileName, String sha256, byte[] content);
  }

  void onCollected(CommitListener listener) {
    this.onCollected = listener;
  }

  ProtectedServerRow server() {
    return server;
  }

  CollectorStatus status() {
    S position = last;
    return new CollectorStatus(state, position == null ? null : position.fileName(),
        lastCollectedAt, segmentsCollected, bytesCollected, pending.count(), pending.lagSeconds(),
        meters.errorCount(), lastError);
  }

  void pause() {
    paused = true;
    transition(CollectorState.PAUSED, null);
  }

  /**
   * Starts collecting afresh at {@code first} (a new baseline's first segment), whatever lies
   * between it and the collected position: the log's history was rewritten elsewhere (a
   * failback) and what is missing was never the primary's to archive. Returns the position it
   * now stands just before.
   */
  synchronized String restartAt(String first) {
    S start = format.parseSegment(first).orElseThrow(
        () -> new IllegalArgumentException("not a log segment: " + first));
    last = start.previous();
    if (state == CollectorState.GAP) {
      transition(CollectorState.COLLECTING, null);
    }
    return last.fileName();
  }

  /** Resumes after a pause or a permanent failure, at once. */
  void resume() {
    paused = false;
    nextAttempt = Instant.EPOCH;
    if (state == CollectorState.PAUSED || state == CollectorState.FAILED) {
      transition(CollectorState.COLLECTING, null);
    }
  }

  /** One poll, unless paused, failed or backing off. Never throws. */
  synchronized void tick() {
    if (closed || paused || state == CollectorState.FAILED || Instant.now().isBefore(nextAttempt)) {
      return;
    }
    try {
      if (companions == null) {
        companions = files.companionNames(server.id());
      }
      poll();
      consecutiveFailures = 0;
    } catch (Exception e) {
      onFailure(e);
    } catch (Error e) {
      onFailure(new RuntimeException("internal error: " + e, e));
    }
  }

  private void poll() throws Exception {
    List<RemoteFile> listing = share.list();
    if (!collectCompanions(listing)) {
      return;
    }
    Map<S, RemoteFile> listed = new HashMap<>();
    for (RemoteFile f : listing) {
      format.parseSegment(f.name()).ifPresent(s -> listed.put(s, f));
    }
    TreeMap<S, RemoteFile> ahead = SegmentChain.ahead(last, listed);
    pending.listed(ahead.values().stream().map(RemoteFile::name).toList());
    // The same damaged bytes as before stay stopped in front of; a short file waits to settle.
    List<Map.Entry<S, RemoteFile>> chain = SegmentChain.from(last, ahead,
        f -> !f.equals(rejected.get(f.name())) && pending.settled(f));
    if (chain.isEmpty()) {
      S afterHole = SegmentChain.afterHole(last, ahead);
      if (afterHole != null) {
        reportGap(afterHole);
      } else if (state != CollectorState.QUARANTINED) {
        transition(CollectorState.COLLECTING, null);
      }
      return;
    }
    transfer(chain);
  }

  /** Pulls new companion files; false if one is damaged and collection must stop. */
  private boolean collectCompanions(List<RemoteFile> listing) throws Exception {
    List<RemoteFile> fresh = listing.stream()
        .filter(f -> format.isCompanion(f.name()) && !companions.contains(f.name()))
        .sorted(Comparator.comparing(RemoteFile::name)).toList();
    for (RemoteFile f : fresh) {
      if (f.equals(rejected.get(f.name()))) {
        return false;
      }
      byte[] content = share.read(f);
      try {
        format.validateCompanion(f.name(), content);
      } catch (InvalidLogFileException e) {
        quarantine(f, content, e);
        return false;
      }
      StoredLogFile stored = store.put(server.name(), f.name(), content);
      files.commitCompanion(server.id(), stored, Instant.now());
      companions.add(f.name());
      accepted(f.name());
      onCollected.committed(f.name(), stored.sha256(), content);
    }
    return true;
  }

  /**
   * A segment pulled off the poll thread: checked and written aside, with a copy of its bytes
   * for whoever reads it next; or rejected, with what was read.
   */
  private record Pulled<S>(S segment, RemoteFile file, SegmentBounds bounds,
      LogStore.PreparedFile prepared, byte[] content, InvalidLogFileException rejection) {}

  /**
   * Pulls the chain through a sliding window of concurrent transfers (read, validate, checksum,
   * compress, flush aside) and commits strictly in order, refilling the window as each commit
   * lands. A rejected segment stops the chain: what was prepared after it is discarded, so
   * nothing after it is ever stored.
   */
  private void transfer(List<Map.Entry<S, RemoteFile>> chain) throws Exception {
    java.util.ArrayDeque<Future<Pulled<S>>> inFlight = new java.util.ArrayDeque<>();
    java.util.ArrayDeque<Long> sizes = new java.util.ArrayDeque<>();
    int window = settings.transferWindow();
    long bytesInFlight = 0;
    int submitted = 0;
    try {
      while (submitted < chain.size() || !inFlight.isEmpty()) {
        while (submitted < chain.size() && inFlight.size() < window && (inFlight.isEmpty()
            || bytesInFlight + chain.get(submitted).getValue().size() <= settings.maxInFlightBytes())) {
          Map.Entry<S, RemoteFile> e = chain.get(submitted++);
          inFlight.add(transfers.submit(() -> pull(e.getKey(), e.getValue())));
          sizes.add(e.getValue().size());
          bytesInFlight += e.getValue().size();
        }
        Pulled<S> head = await(inFlight.peek());
        if (head.rejection() != null) {
          quarantine(head.file(), head.content(), head.rejection());
          return;
        }
        List<Pulled<S>> batch = new ArrayList<>();
        while (!inFlight.isEmpty() && (batch.isEmpty() || readyToCommit(inFlight.peek()))) {
          batch.add(await(inFlight.poll()));
          bytesInFlight -= sizes.poll();
        }
        commit(batch);
        if (paused) {
          return;
        }
      }
      transition(CollectorState.COLLECTING, null);
    } finally {
      discardAll(inFlight);
    }
  }

  private Pulled<S> pull(S segment, RemoteFile file) throws Exception {
    byte[] buffer = buffers.take(server.identity().segmentSize());
    byte[] content;
    try {
      content = share.read(file, buffer, watcher);
    } finally {
      resuming.remove(file.name()); // given up: the poll's failure says why
    }
    try {
      SegmentBounds bounds = format.validateSegment(segment, content);
      Pulled<S> ready = new Pulled<>(segment, file, bounds,
          store.prepare(server.name(), segment.fileName(), content), content.clone(), null);
      buffers.give(buffer); // on failure the buffer is simply dropped
      return ready;
    } catch (InvalidLogFileException e) {
      return new Pulled<>(segment, file, null, null, content, e);
    }
  }

  /** Waits for the transfers not committed and throws their prepared files away. */
  private void discardAll(java.util.Collection<Future<Pulled<S>>> inFlight) {
    for (Future<Pulled<S>> f : inFlight) {
      try {
        Pulled<S> p = await(f);
        if (p.prepared() != null) {
          store.discard(p.prepared());
        }
      } catch (Exception ignored) {
        // the failure that matters has already been raised
      }
    }
  }

  /** The transfer's result, or the failure that ended it, unwrapped. */
  private static <T> T await(Future<T> transfer) throws Exception {
    try {
      return transfer.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Finished, successfully, and not rejected: can join the commit in progress. */
  private static <S> boolean readyToCommit(Future<Pulled<S>> f) {
    if (!f.isDone() || f.isCancelled()) {
      return false;
    }
    try {
      return f.get().rejection() == null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false; // raised when it reaches the head of the window
    }
  }

  /**
   * Puts pulled segments in the store and records them in one catalog transaction (one log
   * flush for the group); only then does the position move.
   */
  private void commit(List<Pulled<S>> batch) throws Exception {
    List<CollectedFiles.StoredSegment> stored = new ArrayList<>();
    try {
      for (Pulled<S> p : batch) {
        stored.add(new CollectedFiles.StoredSegment(p.segment(), p.bounds(),
            store.commit(p.prepared())));
      }
    } finally {
      for (Pulled<S> p : batch.subList(stored.size(), batch.size())) {
        store.discard(p.prepared());
      }
    }
    Instant now = Instant.now();
    files.commitSegments(server.id(), stored, now);
    // Incidents these segments end are closed before the position moves: whoever sees the new
    // position never sees them open.
    if (state == CollectorState.GAP) {
      incidents.resolveGaps(server.id());
    }
    for (Pulled<S> p : batch) {
      accepted(p.file().name());
    }
    for (int i = 0; i < stored.size(); i++) {
      CollectedFiles.StoredSegment s = stored.get(i);
      segmentsCollected++;
      bytesCollected += s.stored().size();
      meters.collected(s.stored());
      pending.collected(s.segment().fileName());
      onCollected.committed(s.segment().fileName(), s.stored().sha256(), batch.get(i).content());
    }
    last = batch.get(batch.size() - 1).segment();
    lastCollectedAt = now;
    log.atDebug().addKeyValue("server", server.name()).addKeyValue("segments", batch.size())
        .addKeyValue("last", last.fileName()).log("segments collected");
  }

  private void accepted(String fileName) throws Exception {
    if (rejected.remove(fileName) != null) {
      incidents.resolveQuarantine(server.id(), fileName);
      incidents.event(server.name(), Severity.INFO, fileName + " collected; quarantine resolved");
    }
  }

  private void quarantine(RemoteFile file, byte[] content, InvalidLogFileException e)
      throws Exception {
    Path evidence = store.quarantine(server.name(), file.name(), content);
    boolean isNew = incidents.quarantine(server.id(), new Quarantined(file.name(),
        content.length, Sha256.hex(content), e.reason(), evidence.toString(), Instant.now()));
    if (!isNew) {
      Files.deleteIfExists(evidence);
    }
    rejected.put(file.name(), file);
    meters.quarantined();
    transition(CollectorState.QUARANTINED, "quarantined " + e.getMessage()
        + "; collection stopped before it (evidence: " + evidence.getFileName() + ")");
  }

  private void reportGap(S next) throws Exception {
    String after = last == null ? null : last.fileName();
    incidents.openGap(server.id(), after, next.fileName());
    transition(CollectorState.GAP, "gap in the log: segments missing between " + after + " and "
        + next.fileName() + "; collection waits for them to appear on the share");
  }

  private void onFailure(Exception e) {
    Failures.Failure f = Failures.classify(e);
    meters.error(f.kind());
    switch (f.kind()) {
      case PERMANENT -> transition(CollectorState.FAILED,
          f.message() + "; collection stopped: fix the cause, then resume");
      case STORE_FULL -> {
        nextAttempt = Instant.now().plus(settings.storeFullRecheck());
        transition(CollectorState.STORE_FULL, f.message() + "; collection paused until space returns");
      }
      case RETRIABLE -> {
        consecutiveFailures++;
        Duration pause = settings.retryBackoff().after(consecutiveFailures);
        nextAttempt = Instant.now().plus(pause);
        lastError = f.message();
        if (state != CollectorState.RETRYING) {
          transition(CollectorState.RETRYING, f.message());
        }
        log.atWarn().addKeyValue("server", server.name()).addKeyValue("attempt", consecutiveFailures)
            .addKeyValue("retryInMs", pause.toMillis()).log("collection failed: {}", f.message());
      }
    }
  }

  private void transition(CollectorState requested, String error) {
    CollectorState previous;
    CollectorState next;
    synchronized (stateLock) {
      previous = state;
      // A poll that was under way when the operator paused must not report itself collecting.
      next = paused && requested != CollectorState.FAILED ? CollectorState.PAUSED : requested;
      if (error != null) {
        lastError = error;
      }
      if (previous == next) {
        return;
      }
      state = next;
      if (next == CollectorState.COLLECTING) {
        lastError = null; // recovered: the error stays in the events
      }
    }
    Severity severity = switch (next) {
      case COLLECTING, PAUSED, REPLICA -> Severity.INFO;
      case RETRYING, STORE_FULL, GAP -> Severity.WARN;
      case QUARANTINED, FAILED, FENCED -> Severity.ERROR;
    };
    String message = previous.label() + " -> " + next.label() + (error == null ? "" : ": " + error);
    log.atLevel(org.slf4j.event.Level.valueOf(severity.name())).addKeyValue("server", server.name())
        .addKeyValue("state", next.label()).log(message);
    try {
      incidents.event(server.name(), severity, message);
    } catch (Exception e) {
      log.warn("cannot record event: {}", e.toString());
    }
  }

  synchronized void close() {
    closed = true;
    meters.close();
    share.close();
  }
}

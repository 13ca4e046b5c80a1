package io.nearline.server.collect;

import io.nearline.common.process.Program;
import io.nearline.server.catalog.CollectedFiles;
import io.nearline.shadow.store.LogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads collected files back, verified, for surrogates. Replay asks for one segment at a time
 * and waits for each, so the wait must be short: files are staged, decompressed and verified,
 * straight into the surrogate's spool folder on this host, and after each request the next
 * collected segments are staged ahead on a worker thread. The surrogate then only renames.
 *
 * <p>A segment asked for again before it is collected is answered when a file of its server is
 * committed, or after {@link #HOLD}: replay is then waiting, with nothing else to do
 * (PostgreSQL asks once while reading ahead and never waits there; it asks again only when it
 * has applied all it has). The first ask is answered at once.
 */
final class LogFileReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LogFileReader.class);
  private static final int READ_AHEAD = 3;
  /** How long a repeated ask waits for its segment: short, so a pause or a stop is prompt. */
  static final java.time.Duration HOLD = java.time.Duration.ofSeconds(3);
  /** Recent files kept in memory: a few 16 MiB PostgreSQL segments. */
  private static final long RECENT_BYTES = 64L << 20;

  private final LogStore store;
  private final CollectedFiles files;
  private final RecentLogFiles recent = new RecentLogFiles(RECENT_BYTES);
  /** Files being staged now: a request waits for the staging under way instead of redoing it. */
  private final Map<Path, CompletableFuture<Boolean>> staging = new ConcurrentHashMap<>();
  /**
   * Files a surrogate asked for before they were collected, by server id and name: each is
   * staged the moment it is collected, so the surrogate's next try only renames it.
   */
  private final Map<String, Awaited> awaited = new ConcurrentHashMap<>();
  /** Removed servers, by catalog id: nothing more is staged for them. */
  private final Set<Integer> stopped = ConcurrentHashMap.newKeySet();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "nearline-stage-ahead");
    t.setDaemon(true);
    return t;
  });

  /** Where a surrogate's files are staged, and who must own them. */
  record Spool(Path dir, String owner) {}

  private record Awaited(int serverId, String server, Spool spool) {}

  /**
   * Per server, completed (and replaced) when any file of it is committed: what a held ask
   * waits on. Any file, not only the one asked for: a new timeline's history file must reach a
   * replay that asks in vain for the old timeline's next segment.
   */
  private final Map<Integer, CompletableFuture<Void>> news = new ConcurrentHashMap<>();
  /** Set as the server stops: no ask is held any more. */
  private volatile boolean closing;

  LogFileReader(LogStore store, CollectedFiles files) {
    this.store = store;
    this.files = files;
  }

  /**
   * The verified bytes of a collected file, or empty if it is not collected; a file committed
   * moments ago comes from memory.
   */
  Optional<byte[]> read(int serverId, String server, String fileName)
      throws IOException {
    return read(serverId, server, fileName, true);
  }

  /** The same, always read from the store: what a check of the store must see. */
  Optional<byte[]> readStored(int serverId, String server, String fileName)
      throws IOException {
    return read(serverId, server, fileName, false);
  }

  private Optional<byte[]> read(int serverId, String server, String fileName, boolean memory)
      throws IOException {
    Optional<String> sha = files.sha256(serverId, fileName);
    if (sha.isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> kept = memory ? recent.get(serverId, fileName, sha.get()) : Optional.empty();
    return kept.isPresent() ? kept : Optional.of(store.read(server, fileName, sha.get()));
  }

  /**
   * Makes sure {@code fileName} is in the spool, verified; then stages what follows it and
   * drops spooled segments that replay has passed. False if the file is not collected (a
   * segment asked for again waits up to {@link #HOLD} for it first).
   */
  boolean stage(int serverId, String server, String fileName, Spool spool, boolean segment)
      throws IOException {
    // Taken before looking: a commit from here on completes it.
    CompletableFuture<Void> anyCommit = news.computeIfAbsent(serverId,
        id -> new CompletableFuture<>());
    boolean staged = stageOnce(serverId, server, fileName, spool);
    if (!staged && !stopped.contains(serverId)) {
      boolean repeated = awaited.putIfAbsent(key(serverId, fileName),
          new Awaited(serverId, server, spool)) != null;
      if (repeated && segment && !closing) {
        waitFor(anyCommit);
        staged = stageOnce(serverId, server, fileName, spool);
      }
    }
    if (staged) {
      awaited.remove(key(serverId, fileName));
      onWorker(() -> stageAhead(serverId, server, fileName, spool));
    }
    return staged;
  }

  private static void waitFor(CompletableFuture<Void> anyCommit) throws IOException {
    try {
      anyCommit.get(HOLD.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException | ExecutionException notYet) {
      // answered as not collected; replay asks again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for a segment");
    }
  }

  /**
   * Called as each file is committed, with the bytes that were checked and stored (kept for a
   * while; never changed after this): stages it now if a surrogate is waiting for it.
   */
  void collected(int serverId, String fileName, String sha256, byte[] content) {
    recent.remember(serverId, fileName, sha256, content);
    wake(serverId);
    Awaited a = awaited.remove(key(serverId, fileName));
    if (a != null) {
      onWorker(() -> {
        try {
          stageOnce(a.serverId(), a.server(), fileName, a.spool());
        } catch (IOException | RuntimeException e) {
          // The surrogate's own request stages the file again and reports what is wrong with it.
          log.warn("staging {} of {} as it was collected failed: {}", fileName, a.server(),
              e.toString());
        }
      });
    }
  }

  private static String key(int serverId, String fileName) {
    return serverId + "/" + fileName;
  }

  private void onWorker(Runnable task) {
    try {
      worker.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // The server is stopping: what was asked for is staged; the rest can wait.
    }
  }

  private boolean stageOnce(int serverId, String server, String fileName, Spool spool)
      throws IOException {
    if (stopped.contains(serverId)) {
      return false;
    }
    Path target = spool.dir().resolve(fileName);
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    CompletableFuture<Boolean> underWay = staging.putIfAbsent(target, mine);
    if (underWay != null) {
      return await(underWay);
    }
    try {
      boolean staged = Files.exists(target) || write(spool, fileName,
          read(serverId, server, fileName));
      mine.complete(staged);
      return staged;
    } catch (IOException | RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      staging.remove(target);
    }
  }

  /**
   * Stages nothing more for a server being removed, and waits for what is being staged into its
   * surrogate's {@code spool} now.
   */
  void stopStaging(int serverId, Path spool) {
    stopped.add(serverId);
    wake(serverId); // a held ask answers now
    awaited.keySet().removeIf(k -> k.startsWith(serverId + "/"));
    staging.forEach((target, underWay) -> {
      if (target.startsWith(spool)) {
        try {
          await(underWay);
        } catch (IOException | RuntimeException failed) {
          // Its failure is no longer anyone's concern: the spool goes with the surrogate.
        }
      }
    });
  }

  /** Forgets a removed server's files kept in memory. */
  void forget(int serverId) {
    recent.forget(serverId);
  }

  /** Held asks of this server look again. */
  private void wake(int serverId) {
    CompletableFuture<Void> f = news.remove(serverId);
    if (f != null) {
      f.complete(null);
    }
  }

  /** Answers every held ask now and holds no more: the server is stopping. */
  void stopHolding() {
    closing = true;
    news.values().forEach(f -> f.complete(null));
  }

  private void stageAhead(int serverId, String server, String fileName, Spool spool) {
    // Asks for segments replay has passed (an old timeline's, say) will not come again.
    awaited.keySet().removeIf(k -> k.startsWith(serverId + "/")
        && k.length() == key(serverId, fileName).length()
        && k.compareTo(key(serverId, fileName)) < 0);
    try (var spooled = Files.list(spool.dir())) {
      for (Path p : spooled.toList()) {
        String name = p.getFileName().toString();
        if (name.length() == fileName.length() && name.compareTo(fileName) < 0) {
          Files.deleteIfExists(p); // a segment replay has passed without taking
        }
      }
      for (String next : files.segmentsAfter(serverId, fileName, READ_AHEAD)) {
        stageOnce(serverId, server, next, spool);
      }
    } catch (IOException | RuntimeException e) {
      // The surrogate's own request stages the file again and reports what is wrong with it.
      log.warn("staging ahead after {} of {} failed: {}", fileName, server, e.toString());
    }
  }

  /** Writes under a temporary name, then renames: the surrogate never sees half a file. */
  private static boolean write(Spool spool, String name, Optional<byte[]> content)
      throws IOException {
    if (content.isEmpty()) {
      return false;
    }
    Path temp = spool.dir().resolve("." + name + ".staging");
    Files.write(temp, content.get());
    if (Program.isRoot() && spool.owner() != null) {
      Files.setOwner(temp, temp.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(spool.owner()));
    }
    Files.move(temp, spool.dir().resolve(name), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return true;
  }

  private static boolean await(CompletableFuture<Boolean> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while staging");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    stopHolding();
    worker.shutdownNow();
  }
}

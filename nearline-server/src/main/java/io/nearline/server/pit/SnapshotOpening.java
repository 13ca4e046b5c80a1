package io.nearline.server.pit;

import io.nearline.server.catalog.CollectedFiles.FileRow;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.collect.CollectionService;
import io.nearline.shadow.ReplayStatus;
import io.nearline.shadow.ShadowException;
import io.nearline.shadow.Shadowing;
import io.nearline.shadow.Snapshot;
import io.nearline.shadow.SnapshotSettings;
import io.nearline.shadow.store.CopyOnWrite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Opening one snapshot, on a worker thread: publish the baseline if it is not, lay a
 * copy-on-write copy over it, set it to stop at the point, feed it the log, and wait until it
 * stands there. Progress is read from other threads.
 */
final class SnapshotOpening {
  private static final Duration LIMIT = Duration.ofHours(6);

  /** What users see while it opens. */
  record Progress(String detail, String replayed, Instant replayedCommitAt, Long bytesLeft,
      Double secondsLeft) {}

  private final long id;
  private final ProtectedServerRow server;
  private final PointResolver.Resolved point;
  private final Path home;
  private final String osUser;
  private final BaselinePublisher publisher;
  private final Snapshot snapshot;
  private final SnapshotFeed feed;
  private final Instant began = Instant.now();
  private volatile boolean cancelled;
  private volatile String phase = "queued";
  private volatile ReplayStatus replay;
  private volatile Instant replayBegan;
  private volatile String how;
  private volatile Duration elapsed;

  SnapshotOpening(long id, ProtectedServerRow server, Shadowing shadowing,
      PointResolver.Resolved point, Path home, int port, String osUser,
      java.util.List<FileRow> files, CollectionService collection,
      BaselinePublisher publisher) {
    this.id = id;
    this.server = server;
    this.point = point;
    this.home = home;
    this.osUser = osUser;
    this.publisher = publisher;
    this.snapshot = shadowing.snapshot(settings(home, port, osUser), server.primaryConnection());
    this.feed = new SnapshotFeed(files, name -> collection.readLogFile(server.name(), name),
        home.resolve("spool"), osUser);
  }

  private static SnapshotSettings settings(Path home, int port, String osUser) {
    return new SnapshotSettings(home, port, osUser, home.resolve("spool"));
  }

  long id() {
    return id;
  }

  ProtectedServerRow server() {
    return server;
  }

  PointResolver.Resolved point() {
    return point;
  }

  void run() throws Exception {
    phase = point.baseline().publishedPath() == null ? "unpacking baseline "
        + point.baseline().end() + " (" + point.baseline().archiveSize() / (1 << 20)
        + " MiB compressed)" : "laying a copy over baseline " + point.baseline().end();
    Path lower = publisher.publish(point.baseline());
    CopyOnWrite copy = new CopyOnWrite(home, osUser);
    how = copy.create(lower);
    checkCancelled();
    snapshot.configure(point.target());
    feed.announce();
    Thread feeding = new Thread(feed, "nearline-snapshot-feed-" + id);
    feeding.setDaemon(true);
    feeding.start();
    try {
      phase = "replaying to " + point.target() + " from " + point.start().text() + " ("
          + feed.describe() + ")";
      replayBegan = Instant.now();
      snapshot.start();
      awaitPoint();
    } finally {
      feed.stop();
    }
    elapsed = Duration.between(began, Instant.now());
  }

  private void awaitPoint() throws Exception {
    Instant deadline = Instant.now().plus(LIMIT);
    Instant nextLiveCheck = Instant.now();
    while (true) {
      checkCancelled();
      try {
        Snapshot.SnapshotProgress p = snapshot.progress();
        replay = p.replay();
        if (p.reached()) {
          return;
        }
      } catch (ShadowException notConsistentYet) {
        if (Instant.now().isAfter(nextLiveCheck)) {
          if (!snapshot.isRunning()) {
            throw new ShadowException("it stopped before reaching " + point.target() + " ("
                + phase + "): "
                + String.join(" | ", snapshot.recentProblems()));
          }
          nextLiveCheck = Instant.now().plusSeconds(1);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ShadowException("it did not reach " + point.target() + " within " + LIMIT);
      }
      Thread.sleep(100);
    }
  }

  private void checkCancelled() {
    if (cancelled) {
      throw new IllegalStateException("dropped while it was opening");
    }
  }

  void cancel() {
    cancelled = true;
  }

  Duration elapsed() {
    return elapsed;
  }

  /** Log bytes replayed per second, from the baseline's start to where it stopped. */
  double replayRate() {
    ReplayStatus r = replay;
    Instant from = replayBegan;
    if (r == null || from == null || r.position() == null) {
      return 0;
    }
    double seconds = Math.max(0.001, Duration.between(from, Instant.now()).toMillis() / 1000.0);
    return replayedBytes() / seconds;
  }

  String summary() {
    ReplayStatus r = replay;
    return "at " + (r == null || r.position() == null ? "?" : r.position().text())
        + (r == null || r.lastCommitAt() == null ? "" : ", last commit " + r.lastCommitAt())
        + "; from baseline " + point.baseline().end() + " (" + how + ") in "
        + String.format(java.util.Locale.ROOT, "%.1f s, of which replay %.1f s (%.0f MiB)",
        elapsed.toMillis() / 1000.0, Duration.between(replayBegan, began.plus(elapsed))
            .toMillis() / 1000.0, replayedBytes() / 1048576.0);
  }

  private double replayedBytes() {
    ReplayStatus r = replay;
    return r == null || r.position() == null ? 0
        : r.position().asNumber() - point.start().asNumber();
  }

  Progress progress() {
    ReplayStatus r = replay;
    Long left = null;
    Double seconds = null;
    if (r != null && r.position() != null && point.stopBy() != null) {
      left = (long) Math.max(0, point.stopBy().asNumber() - r.position().asNumber());
      double rate = replayRate();
      seconds = rate > 0 ? left / rate : null;
    }
    String detail = r == null && replayBegan != null ? phase + " (" + feed.bytesStaged()
        / (1 << 20) + " MiB of log fed, not consistent yet)" : phase;
    return new Progress(detail, r == null || r.position() == null ? null : r.position().text(),
        r == null ? null : r.lastCommitAt(), left, seconds);
  }

  /** Stops what it started and removes its copy; its server log is kept beside it. */
  void discard() {
    feed.stop();
    try {
      snapshot.stop();
    } catch (ShadowException e) {
      // removal below unmounts and deletes what is left
    }
    try {
      java.nio.file.Files.move(home.resolve("postgres.log"), keptLog(home),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException ignored) {
      // it may never have started
    }
    try {
      new CopyOnWrite(home, osUser).remove();
    } catch (IOException ignored) {
      // the next start clears it
    }
  }

  /** Where a failed snapshot's server log is kept: {@code <id>.log} beside its folder. */
  static Path keptLog(Path home) {
    return home.resolveSibling(home.getFileName() + ".log");
  }

  static String connection(Shadowing shadowing, ProtectedServerRow server, Path home, int port,
      String osUser) {
    return shadowing.snapshot(settings(home, port, osUser), server.primaryConnection())
        .connectionString();
  }

  /** Stops a snapshot (harmless if it is not running) and removes its copy. */
  static void stopAndRemove(Shadowing shadowing, ProtectedServerRow server, Path home, int port,
      String osUser) {
    try {
      Snapshot s = shadowing.snapshot(settings(home, port, osUser), server.primaryConnection());
      if (java.nio.file.Files.exists(home.resolve("data").resolve("postmaster.pid"))) {
        s.stop();
      }
      new CopyOnWrite(home, osUser).remove();
    } catch (ShadowException | IOException e) {
      throw new IllegalStateException("cannot remove " + home + ": " + e.getMessage(), e);
    }
  }
}

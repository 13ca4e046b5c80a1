package io.nearline.server.pit;

import io.nearline.common.process.Program;
import io.nearline.server.catalog.CollectedFiles.FileRow;
import io.nearline.shadow.SnapshotSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a snapshot's spool with the log it replays, read from the store and verified, a few
 * files ahead of replay: fetching and applying overlap instead of taking turns, and the spool
 * never holds more than a few files. Runs on a thread of its own until done or stopped.
 */
final class SnapshotFeed implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(SnapshotFeed.class);
  /** Files staged ahead of the one replay has taken last. */
  private static final int AHEAD = 4;
  private static final int STAGERS = 2;
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> READABLE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");

  /** Reads a collected file, verified against its checksum; empty if it is gone. */
  interface Reader {
    Optional<byte[]> read(String fileName) throws IOException;
  }

  private final List<FileRow> files;
  private final Reader reader;
  private final Path spool;
  private final String owner;
  private volatile boolean stopped;
  private final java.util.concurrent.atomic.AtomicLong bytesStaged =
      new java.util.concurrent.atomic.AtomicLong();
  /** Files staged or being staged, each only once. */
  private final java.util.Set<String> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger next =
      new java.util.concurrent.atomic.AtomicInteger();

  SnapshotFeed(List<FileRow> files, Reader reader, Path spool, String owner) {
    this.files = files;
    this.reader = reader;
    this.spool = spool;
    this.owner = owner;
  }

  /** Writes the list of what will come, before the snapshot starts asking. */
  void announce() throws IOException {
    Files.createDirectories(spool);
    Files.write(spool.resolve(SnapshotSettings.EXPECTED),
        files.stream().map(FileRow::fileName).toList());
    // The snapshot's account marks what it took beside the files.
    if (Program.isRoot() && owner != null) {
      Files.setOwner(spool, spool.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(owner));
    }
  }

  /**
   * Stages with {@link #STAGERS} threads, each taking the next file: reading one from the
   * store (decompress, checksum) takes about as long as replaying it.
   */
  @Override
  public void run() {
    Thread[] stagers = new Thread[STAGERS];
    for (int t = 0; t < STAGERS; t++) {
      stagers[t] = new Thread(this::stage, Thread.currentThread().getName() + "-" + t);
      stagers[t].setDaemon(true);
      stagers[t].start();
    }
    for (Thread t : stagers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        stopped = true;
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void stage() {
    try {
      for (int i = next.getAndIncrement(); i < files.size() && !stopped;
          i = next.getAndIncrement()) {
        awaitRoom(i);
        put(files.get(i));
        dropTaken(i);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("snapshot feed in {} failed: {}", spool, e.toString());
      try {
        Files.writeString(spool.resolve(SnapshotSettings.FAILED), e.getMessage() == null
            ? e.toString() : e.getMessage());
      } catch (IOException ignored) {
        // the snapshot then waits out its fetch limit; the opener reports the stall
      }
    }
  }

  /** The log it supplies, for progress and errors: "12 segments, 0000… to 0000…". */
  String describe() {
    List<FileRow> segments = files.stream().filter(FileRow::isSegment).toList();
    return segments.isEmpty() ? "no segments" : segments.size() + " segments, "
        + segments.get(0).fileName() + " to " + segments.get(segments.size() - 1).fileName();
  }

  void stop() {
    stopped = true;
  }

  long bytesStaged() {
    return bytesStaged.get();
  }

  /** Reads a file from the store, verified, and renames it into the spool whole; once. */
  private void put(FileRow f) throws IOException {
    if (!claimed.add(f.fileName())) {
      return;
    }
    byte[] content = reader.read(f.fileName()).orElseThrow(() -> new IOException(
        f.fileName() + " is in the catalog but not in the store"));
    Path temp = spool.resolve(".tmp-" + f.fileName());
    Files.write(temp, content);
    Files.setPosixFilePermissions(temp, READABLE);
    Files.move(temp, spool.resolve(f.fileName()), StandardCopyOption.ATOMIC_MOVE);
    bytesStaged.addAndGet(content.length);
  }

  /**
   * Waits while more than {@link #AHEAD} segments are staged past the last one taken, serving
   * meanwhile any file replay asks for out of order: PostgreSQL reads the checkpoint record a
   * baseline names before it replays from the redo point, which may be many segments earlier.
   */
  private void awaitRoom(int next) throws InterruptedException, IOException {
    while (!stopped && next - lastTaken(next) > AHEAD) {
      serveWanted();
      Thread.sleep(20);
    }
  }

  private void serveWanted() throws IOException {
    List<String> wanted;
    try (var listing = Files.list(spool)) {
      wanted = listing.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(SnapshotSettings.WANTED)).toList();
    }
    for (String marker : wanted) {
      String name = marker.substring(0, marker.length() - SnapshotSettings.WANTED.length());
      for (FileRow f : files) {
        if (f.fileName().equals(name)) {
          put(f);
        }
      }
      Files.deleteIfExists(spool.resolve(marker));
    }
  }

  /** The index of the last file replay has taken below {@code bound}, or -1. */
  private int lastTaken(int bound) {
    for (int i = bound - 1; i >= 0; i--) {
      if (!files.get(i).isSegment() || taken(i)) {
        return i;
      }
    }
    return -1;
  }

  private boolean taken(int i) {
    return Files.exists(spool.resolve(files.get(i).fileName() + SnapshotSettings.TAKEN));
  }

  /**
   * Deletes taken segments two or more behind the last taken: replay will not ask for them
   * again. One served out of order does not count those before it as taken.
   */
  private synchronized void dropTaken(int staged) throws IOException {
    int last = lastTaken(staged + 1);
    for (int i = Math.max(0, last - 8); i < last - 1; i++) {
      if (files.get(i).isSegment() && taken(i)) {
        Files.deleteIfExists(spool.resolve(files.get(i).fileName()));
      }
    }
  }
}

package io.nearline.server.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.CollectedFiles;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.shadow.SegmentBounds;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.postgres.SegmentName;
import io.nearline.shadow.store.LogStore;
import io.nearline.shadow.store.StoredLogFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileReaderTest {
  private static final long SIZE = 16L << 20;
  private static final String SEGMENT = "000000010000000000000004";

  @TempDir Path dir;
  private Catalog catalog;
  private CollectedFiles files;
  private LogStore store;
  private LogFileReader reader;
  private LogFileReader.Spool spool;
  private int id;

  @BeforeEach
  void open() throws Exception {
    catalog = Catalog.open(dir.resolve("catalog"), List.of(Catalog.SCHEMA));
    id = new ProtectedServers(catalog).insert("db1", "postgresql", "smb://h/s/", "u", "sealed",
        "host=h", new ServerIdentity("1", SIZE, "15"), false).id();
    files = new CollectedFiles(catalog);
    store = new LogStore(dir.resolve("store"), 0);
    reader = new LogFileReader(store, files);
    spool = new LogFileReader.Spool(Files.createDirectories(dir.resolve("spool")), null);
  }

  @AfterEach
  void close() throws Exception {
    reader.close();
    catalog.close();
  }

  /** Stores and records a segment, and tells the reader, as collection does. */
  private byte[] commit(String name) throws Exception {
    byte[] content = new byte[4096];
    new java.util.Random(name.hashCode()).nextBytes(content);
    StoredLogFile stored = store.put("db1", name, content);
    SegmentName s = SegmentName.parse(name, SIZE).orElseThrow();
    files.commitSegments(id, List.of(new CollectedFiles.StoredSegment(s,
        new SegmentBounds(s.startLsn(), s.endLsn()), stored)), Instant.now());
    reader.collected(id, name, stored.sha256(), content);
    return content;
  }

  /** Asks for a segment on another thread, as a surrogate's fetch does. */
  private CompletableFuture<Boolean> ask(String name) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return reader.stage(id, "db1", name, spool, true);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** A repeated ask, under way and held: the first ask was answered at once. */
  private CompletableFuture<Boolean> heldAsk(String name) throws Exception {
    assertTimeout(LogFileReader.HOLD.dividedBy(2),
        () -> assertFalse(reader.stage(id, "db1", name, spool, true)));
    CompletableFuture<Boolean> again = ask(name);
    Thread.sleep(300);
    assertFalse(again.isDone(), "a repeated ask waits");
    return again;
  }

  @Test
  void shouldAnswerAFirstAskAtOnceAndHoldARepeatedOneUntilTheSegmentIsCollected()
      throws Exception {
    CompletableFuture<Boolean> again = heldAsk(SEGMENT);
    byte[] content = commit(SEGMENT);

    // Well before the hold would have ended by itself.
    assertTrue(again.get(1, TimeUnit.SECONDS));
    assertArrayEquals(content, Files.readAllBytes(spool.dir().resolve(SEGMENT)));
  }

  @Test
  void shouldAnswerAHeldAskWhenAnotherFileOfItsServerIsCommitted() throws Exception {
    // Replay asks in vain for the old timeline's next segment; the new timeline's arrives.
    CompletableFuture<Boolean> again = heldAsk(SEGMENT);
    commit("000000020000000000000004");
    assertFalse(again.get(1, TimeUnit.SECONDS));
  }

  @Test
  void shouldAnswerHeldAsksAndHoldNoMoreOnceStopping() throws Exception {
    CompletableFuture<Boolean> again = heldAsk(SEGMENT);
    reader.stopHolding();
    assertFalse(again.get(1, TimeUnit.SECONDS));
    assertTimeout(LogFileReader.HOLD.dividedBy(2),
        () -> assertFalse(reader.stage(id, "db1", SEGMENT, spool, true)));
  }

  @Test
  void shouldNeverHoldAnAskForAFileThatIsNotASegment() throws Exception {
    String history = "00000002.history";
    assertFalse(reader.stage(id, "db1", history, spool, false));
    assertTimeout(LogFileReader.HOLD.dividedBy(2),
        () -> assertFalse(reader.stage(id, "db1", history, spool, false)));
  }

  @Test
  void shouldServeAJustCommittedFileFromMemoryAndOlderOnesFromTheStore() throws Exception {
    byte[] content = commit(SEGMENT);
    Files.delete(dir.resolve("store").resolve("db1").resolve(SEGMENT + ".zst"));
    assertSame(content, reader.read(id, "db1", SEGMENT).orElseThrow());
    org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.NoSuchFileException.class,
        () -> reader.readStored(id, "db1", SEGMENT), "a check of the store reads the store");

    reader.forget(id);
    org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> reader.read(id, "db1", SEGMENT));
  }
}

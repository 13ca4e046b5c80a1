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

  @Test
  void shouldAnswerAFirstAskAtOnceAndHoldARepeatedOneUntilTheSegmentIsCollected()
      throws Exception {
    assertTimeout(LogFileReader.HOLD.dividedBy(2),
        () -> assertFalse(reader.stage(id, "db1", SEGMENT, spool, true)));

    CompletableFuture<Boolean> again = CompletableFuture.supplyAsync(() -> {
      try {
        return reader.stage(id, "db1", SEGMENT, spool, true);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Thread.sleep(300);
    assertFalse(again.isDone(), "a repeated ask waits for the segment");
    byte[] content = commit(SEGMENT);

    assertTrue(again.get(LogFileReader.HOLD.toMillis(), TimeUnit.MILLISECONDS));
    assertArrayEquals(content, Files.readAllBytes(spool.dir().resolve(SEGMENT)));
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

    reader.stopStaging(id, spool.dir()); // forgets the server's files
    org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> reader.read(id, "db1", SEGMENT));
  }
}

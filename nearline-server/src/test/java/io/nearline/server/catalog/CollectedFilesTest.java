package io.nearline.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.shadow.SegmentBounds;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.postgres.SegmentName;
import io.nearline.shadow.store.StoredLogFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectedFilesTest {
  private static final long SIZE = 16L << 20;

  @TempDir Path dir;

  private CollectedFiles.StoredSegment segment(String name) {
    SegmentName s = SegmentName.parse(name, SIZE).orElseThrow();
    return new CollectedFiles.StoredSegment(s, new SegmentBounds(s.startLsn(), s.endLsn()),
        new StoredLogFile(name, "0".repeat(64), SIZE, 100, dir));
  }

  @Test
  void shouldListTheSegmentsAfterOneInLogOrderAcrossATimelineSwitch() throws Exception {
    try (Catalog catalog = Catalog.open(dir.resolve("catalog"), java.util.List.of(Catalog.SCHEMA))) {
      int id = new ProtectedServers(catalog).insert("db1", "postgresql", "smb://h/s/", "u",
          "sealed", "host=h", new ServerIdentity("1", SIZE, "15"), false).id();
      CollectedFiles files = new CollectedFiles(catalog);
      files.commitSegments(id, List.of(segment("000000010000000000000004"),
          segment("000000010000000000000005"), segment("000000020000000000000005"),
          segment("000000020000000000000006")), Instant.now());

      assertEquals(List.of("000000010000000000000005", "000000020000000000000005"),
          files.segmentsAfter(id, "000000010000000000000004", 2));
      assertEquals(List.of("000000020000000000000006"),
          files.segmentsAfter(id, "000000020000000000000005", 3));
      assertEquals(List.of(), files.segmentsAfter(id, "000000020000000000000006", 3));
      assertEquals("000000020000000000000006",
          new ProtectedServers(catalog).find("db1").orElseThrow().lastSegment());
    }
  }
}

package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The near-line is killed with SIGKILL in the middle of collecting a backlog. */
class CrashRecoveryIT {
  @RegisterExtension final NearlineFixture f = NearlineFixture.withoutServer();

  @Test
  void shouldLoseNothingAndDuplicateNothingAfterKill9MidTransfer() throws Exception {
    List<String> backlog = f.archiveSegments(30);
    String last = backlog.get(backlog.size() - 1);
    Path data = f.dir.resolve("nearline");
    Path log = f.dir.resolve("server.log");

    try (ServerProcess first = ServerProcess.start(data, log)) {
      first.api.post("/api/servers", f.protectRequest("db1", NearlineFixture.SMB_PASSWORD));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (first.api.get("/api/servers/db1").path("segmentsCollected").asLong() < 4) {
        assertTrue(System.nanoTime() < deadline, "collection did not start");
        Thread.sleep(20);
      }
      first.kill9();
    }

    try (ServerProcess second = ServerProcess.start(data, log)) {
      f.api = second.api;
      JsonNode s = f.awaitCollected("db1", last);
      long archived;
      try (Stream<Path> files = Files.list(f.primary.archiveDir())) {
        archived = files.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}")).count();
      }
      assertEquals(archived, s.path("segmentsCollected").asLong(), "each segment counted once");
      assertEquals(archived * (16 << 20), s.path("bytesCollected").asLong());
      assertEquals("collecting", s.path("state").asText());
      f.assertStoredIdentical("db1", last);
      try (Stream<Path> stored = Files.walk(data.resolve("store"))) {
        assertEquals(List.of(), stored.filter(p -> p.getFileName().toString().startsWith(".tmp-"))
            .toList(), "partly written files left in the store");
      }
    }
  }
}

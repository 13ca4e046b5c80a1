package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.testkit.Command;
import io.nearline.testkit.UnprivilegedUser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The log store's file system (a real, small tmpfs) fills up, then space returns. */
class StoreFullIT {
  @RegisterExtension final NearlineFixture f = NearlineFixture.withoutServer();
  Path store;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(UnprivilegedUser.isRoot(), "mounting a small file system needs root");
    store = f.dir.resolve("nearline/store");
    Files.createDirectories(store);
    Command.run(f.dir, "mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", store.toString());
    f.startServer();
  }

  @AfterEach
  void stop() {
    if (store != null) {
      f.stopServer();
      Command.run(f.dir, "umount", "-l", store.toString());
    }
  }

  @Test
  void shouldPauseWithAClearErrorWhenTheStoreIsFullAndResumeWhenSpaceReturns() throws Exception {
    f.protect("db1");
    f.awaitCollected("db1", f.archiveSegments(1).get(0));
    Path ballast = store.resolve("ballast");
    fillUp(ballast);
    String last = f.archiveSegments(3).get(2);

    JsonNode full = f.awaitStatus("db1", Duration.ofSeconds(30),
        s -> s.path("state").asText().equals("store-full"));
    assertTrue(full.path("lastError").asText().contains("log store is full"),
        full.path("lastError").asText());
    String position = full.path("lastSegment").asText();
    NearlineFixture.sleep(1500);
    assertEquals(position, f.status("db1").path("lastSegment").asText(), "no progress while full");

    Files.delete(ballast);
    JsonNode s = f.awaitCollected("db1", last);
    assertEquals("collecting", s.path("state").asText());
    f.assertStoredIdentical("db1", last);
  }

  /** Writes until the file system refuses another byte. */
  private static void fillUp(Path ballast) throws IOException {
    byte[] block = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(ballast)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      assertTrue(String.valueOf(e.getMessage()).contains("No space left"), e.toString());
    }
  }
}

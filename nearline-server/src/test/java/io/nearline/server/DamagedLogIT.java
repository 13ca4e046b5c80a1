package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.shadow.store.LogStore;
import io.nearline.testkit.PostgresPrimary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Damaged, foreign and missing segments on the share: each stops collection in front of it,
 * is reported, and nothing after it is stored; once a good copy appears, collection goes on.
 */
class DamagedLogIT {
  @RegisterExtension final NearlineFixture f = NearlineFixture.withServer();
  List<String> next;
  Path archive;

  @BeforeEach
  void start() throws Exception {
    f.protect("db1");
    f.awaitCollected("db1", f.archiveSegments(1).get(0));
    f.pause("db1");
    next = f.archiveSegments(3);
    archive = f.primary.archiveDir();
  }

  @Test
  void shouldQuarantineSegmentFromAnotherCluster() throws Exception {
    byte[] foreign;
    try (PostgresPrimary other = PostgresPrimary.start(f.dir.resolve("other"))) {
      String name = other.switchAndArchive();
      foreign = Files.readAllBytes(other.archiveDir().resolve(name));
    }
    assertQuarantinedThenRecovered(foreign, "belongs to another cluster");
  }

  @Test
  void shouldQuarantineTruncatedSegment() throws Exception {
    byte[] truncated = Arrays.copyOf(Files.readAllBytes(archive.resolve(next.get(0))), 5 << 20);
    assertQuarantinedThenRecovered(truncated, "truncated");
  }

  @Test
  void shouldQuarantineNonWalFileNamedLikeASegment() throws Exception {
    byte[] text = "this is not a WAL segment\n".repeat(700_000).getBytes();
    assertQuarantinedThenRecovered(Arrays.copyOf(text, 16 << 20), "not a PostgreSQL");
  }

  private void assertQuarantinedThenRecovered(byte[] damage, String reason) throws Exception {
    String bad = next.get(0);
    Path good = f.dir.resolve("good-copy");
    Files.move(archive.resolve(bad), good); // keeps the owner, so the share user can read it back
    replace(bad, damage);
    f.resume("db1");

    JsonNode s = f.awaitStatus("db1", Duration.ofSeconds(30),
        x -> x.path("state").asText().equals("quarantined"));
    JsonNode q = s.path("quarantined").get(0);
    assertEquals(bad, q.path("fileName").asText());
    assertTrue(q.path("reason").asText().contains(reason), q.path("reason").asText());
    assertTrue(Files.exists(Path.of(q.path("evidencePath").asText())), "evidence kept");
    NearlineFixture.sleep(1500);
    s = f.status("db1");
    assertEquals(1, s.path("quarantined").size(), "reported once");
    assertTrue(s.path("lastSegment").asText().compareTo(bad) < 0, "stopped before it");
    LogStore store = new LogStore(f.dir.resolve("nearline/store"), 0);
    next.forEach(n -> assertFalse(store.contains("db1", n), n + " stored out of order"));

    Files.move(good, archive.resolve(bad), StandardCopyOption.REPLACE_EXISTING);
    s = f.awaitCollected("db1", next.get(2));
    assertEquals(0, s.path("quarantined").size(), "resolved by the good copy");
    f.assertStoredIdentical("db1", next.get(2));
  }

  @Test
  void shouldReportMissingSegmentAsGapNamingBothSidesAndNeverSkipIt() throws Exception {
    Path aside = f.dir.resolve("aside");
    Files.move(archive.resolve(next.get(1)), aside);
    f.resume("db1");

    JsonNode s = f.awaitStatus("db1", Duration.ofSeconds(30),
        x -> x.path("state").asText().equals("gap"));
    assertEquals(next.get(0), s.path("lastSegment").asText());
    JsonNode gap = s.path("gaps").get(0);
    assertEquals(next.get(0), gap.path("afterFile").asText());
    assertEquals(next.get(2), gap.path("beforeFile").asText());
    assertTrue(s.path("lastError").asText().contains(next.get(2)));
    NearlineFixture.sleep(1000);
    assertEquals(next.get(0), f.status("db1").path("lastSegment").asText(), "never skipped");
    assertEquals(1, f.status("db1").path("gaps").size());

    Files.move(aside, archive.resolve(next.get(1)));
    s = f.awaitCollected("db1", next.get(2));
    assertEquals(0, s.path("gaps").size());
    assertEquals("collecting", s.path("state").asText());
  }

  private void replace(String name, byte[] content) throws Exception {
    Path temp = archive.resolve(".replace.tmp");
    Files.write(temp, content);
    Files.move(temp, archive.resolve(name), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}

package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recovery.PointKind;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.testkit.Command;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restoring a tagged point the surrogate has already replayed past, from a stored baseline, in
 * a store encrypted at rest: the baseline is opened on its way to the standby, the log as the
 * standby fetches it.
 */
class TaggedPointIT {
  @RegisterExtension final FailoverWorld w = new FailoverWorld();

  @Test
  void shouldRestoreATaggedPointTheSurrogateHasReplayedPastFromAnEncryptedStore()
      throws Exception {
    w.startServerEncrypted(w.dir.resolve("master.key"));
    w.f.protectWithSurrogate("db1");
    w.f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
    w.f.api.post("/api/pairs", w.pair());
    w.f.primary.sql("CREATE TABLE ledger AS SELECT generate_series(1, 100) AS n");
    CliRun tag = w.cli("tag", "add", "db1", "before-batch");
    assertEquals(0, tag.exitCode(), tag.out() + tag.err());
    String tagged = tag.out().strip().replaceAll(".* at ", "");
    CliRun again = w.cli("tag", "add", "db1", "before-batch");
    assertEquals(1, again.exitCode(), "a tag is never moved");
    assertTrue(again.err().contains("already has tag before-batch at " + tagged), again.err());

    // The bad batch, and the surrogate replaying past the tag.
    w.f.primary.sql("DELETE FROM ledger WHERE n > 10");
    w.f.archiveSegments(2);
    w.f.awaitStatus("db1", Duration.ofSeconds(60), s -> io.nearline.shadow.postgres.Lsn.parse(
        s.path("replayedLsn").asText()).compareTo(io.nearline.shadow.postgres.Lsn.parse(tagged))
        > 0);
    w.f.api.post("/api/policies", w.policy("db1-undo-batch", new RecoveryPoint(PointKind.TAG,
        "before-batch")));

    CliRun run = w.cli("failover", "db1-undo-batch");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("copied db1's baseline ending at"), run.out());
    assertEquals("NLS1", new String(java.nio.file.Files.readAllBytes(baselineArchive()), 0, 4,
        java.nio.charset.StandardCharsets.US_ASCII), "the baseline is kept sealed");
    assertEquals("100", Command.run(w.dir, "psql", "host=127.0.0.1 port=" + w.standbyPort
        + " user=postgres dbname=postgres", "-XAtc", "SELECT count(*) FROM ledger").strip(),
        "the standby holds the ledger as it was at the tag");
  }

  private java.nio.file.Path baselineArchive() throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(w.dir.resolve("nearline/store/db1/baselines"))) {
      return files.filter(p -> p.getFileName().toString().equals("base.tar.zst")).findFirst()
          .orElseThrow();
    }
  }
}

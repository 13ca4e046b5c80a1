package io.nearline.recovery.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recovery.TestEnvironment;
import io.nearline.shadow.postgres.Lsn;
import io.nearline.testkit.PostgresPrimary;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The surrogate's replay position is read from the server itself, not the last status. */
class SurrogateReplayIT {
  @TempDir Path dir;

  @Test
  void shouldReadWhereReplayStandsNow() throws Exception {
    try (PostgresPrimary primary = PostgresPrimary.start(dir.resolve("primary"));
         PostgresPrimary standby = primary.startStandby(dir.resolve("standby"))) {
      primary.sql("CREATE TABLE t AS SELECT 1 AS n");
      String written = primary.sql("SELECT pg_current_wal_lsn()").strip();
      PgSurrogate stale = PgSurrogate.of(TestEnvironment.withSurrogate(standby.port(),
          "0/1000000", Instant.EPOCH), "db1");

      PgSurrogate now = SurrogateReplay.now(stale);
      for (int i = 0; i < 100 && now.replayed().compareTo(Lsn.parse(written)) < 0; i++) {
        Thread.sleep(100);
        now = SurrogateReplay.now(stale);
      }

      assertTrue(now.replayed().compareTo(Lsn.parse(written)) >= 0,
          now.replayed() + " has not reached " + written);
      assertTrue(now.replayedAt().isAfter(Instant.EPOCH), "the last replayed commit's time");
      assertEquals(stale.port(), now.port());
    }
  }
}

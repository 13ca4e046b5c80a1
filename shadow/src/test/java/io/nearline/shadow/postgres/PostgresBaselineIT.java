package io.nearline.shadow.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.shadow.Baseline;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.ShadowException;
import io.nearline.shadow.Shadowing;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baselines taken from a real PostgreSQL 15 primary over the replication protocol. */
class PostgresBaselineIT {
  @TempDir Path dir;

  private final PostgresConnector connector = new PostgresConnector();

  @Test
  void shouldTakeAndVerifyABaselineAgainstTheArchivedWal() throws Exception {
    try (PostgresPrimary primary = PostgresPrimary.start(dir.resolve("primary"))) {
      ServerIdentity identity = connector.identify(primary.connectionString());
      Shadowing shadowing = connector.shadowing(identity).orElseThrow();
      Baseline b = shadowing.takeBaseline(primary.connectionString(), identity,
          dir.resolve("copies/one"), UnprivilegedUser.name());
      assertTrue(Lsn.of(b.start()).compareTo(Lsn.of(b.end())) < 0, b.toString());
      List<String> needed = shadowing.filesNeeded(b);
      assertFalse(needed.isEmpty());
      needed.forEach(n -> primary.awaitArchived(n, java.time.Duration.ofSeconds(60)));

      Path archive = primary.archiveDir();
      shadowing.verifyBaseline(b, name -> Files.exists(archive.resolve(name))
          ? Optional.of(Files.readAllBytes(archive.resolve(name))) : Optional.empty(),
          UnprivilegedUser.name());

      ShadowException missing = assertThrows(ShadowException.class, () ->
          shadowing.verifyBaseline(b, name -> Optional.empty(), UnprivilegedUser.name()));
      assertTrue(missing.getMessage().contains("is not collected"), missing.getMessage());
    }
  }

  @Test
  void shouldRefuseABaselineFromAPrimaryRebuiltElsewhere() throws Exception {
    try (PostgresPrimary original = PostgresPrimary.start(dir.resolve("original"));
         PostgresPrimary rebuilt = PostgresPrimary.start(dir.resolve("rebuilt"))) {
      ServerIdentity protectedAs = connector.identify(original.connectionString());
      Shadowing shadowing = connector.shadowing(protectedAs).orElseThrow();
      ShadowException e = assertThrows(ShadowException.class, () -> shadowing.takeBaseline(
          rebuilt.connectionString(), protectedAs, dir.resolve("copies/two"),
          UnprivilegedUser.name()));
      assertTrue(e.getMessage().contains("another cluster now"), e.getMessage());
      assertTrue(e.getMessage().contains(protectedAs.systemIdentifier()), e.getMessage());
      assertFalse(Files.exists(dir.resolve("copies/two")), "the foreign copy is deleted");
    }
  }

  @Test
  void shouldLearnTheIdentityOfARealPrimary() throws Exception {
    try (PostgresPrimary primary = PostgresPrimary.start(dir.resolve("primary"))) {
      ServerIdentity id = connector.identify(primary.connectionString());
      assertEquals(primary.systemIdentifier(), id.systemIdentifier());
      assertEquals(16L << 20, id.segmentSize());
      assertTrue(id.version().startsWith("15"), id.version());
    }
  }
}

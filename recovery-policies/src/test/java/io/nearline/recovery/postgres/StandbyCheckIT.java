package io.nearline.recovery.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.nearline.recovery.AccessKind;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.Standby;
import io.nearline.recovery.TestEnvironment;
import io.nearline.testkit.UnprivilegedUser;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standby check against this host: what passes, and what it refuses and why. */
class StandbyCheckIT {
  @TempDir
  Path dir;

  /** The server side, as a replaying surrogate of PostgreSQL 15 would describe itself. */
  private static final TestEnvironment SURROGATE_15 =
      TestEnvironment.withSurrogate(1, "0/3000060", Instant.now());

  private RecoveryPair pair(Path data, int port, boolean disposable, String nearlineUrl) {
    return new RecoveryPair("db1-dr", "db1", local("dr", data, port, disposable, nearlineUrl),
        null);
  }

  static Standby local(String name, Path data, int port, boolean disposable, String url) {
    return new Standby(name, AccessKind.LOCAL, null, 22, null, null, UnprivilegedUser.NAME,
        "127.0.0.1", disposable, url, Map.of("pgBin", "/usr/lib/postgresql/15/bin",
        "dataDirectory", data.toString(), "pgPort", port));
  }

  private static Map<String, Boolean> results(CheckReport report) {
    return report.items().stream().collect(Collectors.toMap(CheckReport.Item::check,
        CheckReport.Item::passed));
  }

  @Test
  void shouldRefuseAnOccupiedStandbyAndSayWhy() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("PG_VERSION"), "15\n");
    UnprivilegedUser.own(dir);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CheckReport report = new StandbyCheck(SURROGATE_15).check(
          pair(data, taken.getLocalPort(), false, "http://127.0.0.1:1"));

      assertFalse(report.passed(), report.text());
      assertEquals(Map.of("surrogate", true, "reachable", true, "version", true,
          "data directory", false, "port", false, "curl", true, "nearline reachable", false),
          results(report), report.text());
      assertEquals(data + " is a PostgreSQL 15 cluster and the standby is not marked disposable",
          report.items().stream().filter(i -> i.check().equals("data directory")).findFirst()
              .orElseThrow().detail());
    }
  }

  @Test
  void shouldAcceptAnOccupiedStandbyMarkedDisposable() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("PG_VERSION"), "15\n");
    UnprivilegedUser.own(dir);

    CheckReport report = new StandbyCheck(SURROGATE_15).check(
        pair(data, io.nearline.testkit.Ports.free(), true, "http://127.0.0.1:1"));

    assertEquals(Map.of("surrogate", true, "reachable", true, "version", true,
        "data directory", true, "port", true, "curl", true, "nearline reachable", false),
        results(report), report.text());
  }

  @Test
  void shouldCheckWhatAFailbackNeedsOnThePrimaryHost() throws Exception {
    Path standby = Files.createDirectories(dir.resolve("standby"));
    Path notACluster = Files.createDirectories(dir.resolve("primary"));
    UnprivilegedUser.own(dir);
    RecoveryPair plain = pair(standby, io.nearline.testkit.Ports.free(), false,
        "http://127.0.0.1:1");
    RecoveryPair withPrimary = new RecoveryPair(plain.name(), plain.primary(), plain.standby(),
        local("hq", notACluster, 5432, false, "http://127.0.0.1:1"));

    CheckReport report = new StandbyCheck(SURROGATE_15).check(withPrimary);

    Map<String, Boolean> results = results(report);
    assertEquals(true, results.get("primary host reachable"), report.text());
    assertEquals(true, results.get("pg_rewind"), report.text());
    assertEquals(false, results.get("primary data directory"), report.text());
    assertEquals(false, results.get("nearline reachable from the primary"), report.text());
  }
}

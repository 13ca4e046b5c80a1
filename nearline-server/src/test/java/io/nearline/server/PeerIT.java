package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.peer.PeerConfig;
import io.nearline.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two near-lines on loopback (a single host here: network namespaces with netem would need
 * the test to own the network, which CI's container does not give it): the active in this JVM,
 * the peer in a JVM of its own so that it can be killed outright.
 */
class PeerIT {
  @RegisterExtension
  final NearlineFixture f = NearlineFixture.withoutServer().withPgbench(2);

  @Test
  void shouldReplicateSurviveKillsPromoteFenceResyncAndHandBack() throws Exception {
    int activeLink = Ports.free();
    Path activeData = f.dir.resolve("nearline");
    startActive(activeLink);
    f.protectWithSurrogate("db1");
    f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));

    Path peerData = f.dir.resolve("peer");
    int peerApi = Ports.free();
    int peerLink = Ports.free();
    ServerProcess peer = ServerProcess.start(peerData, f.dir.resolve("peer.log"), peerApi,
        peerLink);
    try {
      String code = f.cli("peer", "pair").out().strip();
      CliRun joined = peerCli(peerApi, peerData, "peer", "join", code);
      assertEquals(0, joined.exitCode(), joined.out() + joined.err());
      assertTrue(joined.out().contains("clock skew"), joined.out());
      CliRun reused = peerCli(peerApi, peerData, "peer", "join", code);
      assertEquals(1, reused.exitCode(), "a pairing code works once");

      Process load = f.primary.pgbench(2, 25);
      awaitPeer(peer.api, "db1", s -> s.path("surrogateState").asText().equals("replaying"),
          Duration.ofSeconds(120));
      assertEquals(409, refusedStatus(peer.api), "a peer runs no recoveries");

      // Killed while it receives: nothing lost, nothing twice.
      Thread.sleep(4000);
      peer.kill9();
      Thread.sleep(2000);
      peer = ServerProcess.start(peerData, f.dir.resolve("peer.log"), peerApi, peerLink);
      load.waitFor();
      awaitCaughtUp();
      assertStoresIdentical(activeData, peerData);
      JsonNode link = f.status("db1").path("peer");
      assertEquals("caught-up", link.path("state").asText(), link.toPrettyString());
      assertEquals(0, link.path("backlogObjects").asLong());
      assertTrue(link.has("lastAck") && link.has("sendRateBytes") && link.has("peerRpoSeconds"),
          link.toPrettyString());

      // The active is lost; the peer takes over and collects from the primary itself.
      f.stopServer();
      JsonNode promoted = peer.api.post("/api/peer/promote", java.util.Map.of());
      assertEquals("active", promoted.path("role").asText(), promoted.toPrettyString());
      String next = f.archiveSegments(2).get(1);
      awaitPeer(peer.api, "db1", s -> next.equals(s.path("lastSegment").asText()),
          Duration.ofSeconds(60));

      // The old active returns: it learns it was replaced and fences itself.
      startActive(activeLink);
      assertEquals("fenced", f.api.get("/api/peer").path("role").asText());
      assertEquals("fenced", f.status("db1").path("state").asText());

      // Resynced, it receives what it lacks; promoted, it takes the role back.
      CliRun resync = f.cli("peer", "resync");
      assertEquals(0, resync.exitCode(), resync.err());
      f.awaitCollected("db1", next);
      String more = f.archiveSegments(1).get(0);
      awaitPeer(peer.api, "db1", s -> more.equals(s.path("lastSegment").asText()),
          Duration.ofSeconds(60));
      f.awaitCollected("db1", more);
      CliRun back = f.cli("peer", "promote");
      assertEquals(0, back.exitCode(), back.err());
      assertEquals("peer", peer.api.get("/api/peer").path("role").asText());
      assertEquals("active", f.api.get("/api/peer").path("role").asText());
      String last = f.archiveSegments(1).get(0);
      f.awaitCollected("db1", last);
      awaitPeer(peer.api, "db1", s -> last.equals(s.path("lastSegment").asText()),
          Duration.ofSeconds(60));
      assertStoresIdentical(activeData, peerData);
    } finally {
      peer.close();
      // The peer's own log, kept for a failure's reader: the test's folder is removed.
      Files.copy(f.dir.resolve("peer.log"), Path.of("target", "PeerIT-peer.log"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void startActive(int linkPort) throws Exception {
    f.startServer(new ServerConfig(f.dir.resolve("nearline"), "127.0.0.1", 0, 0,
        NearlineFixture.fastSettings(), NearlineFixture.fastSurrogates())
        .withPeer(new PeerConfig(null, linkPort, null)));
  }

  private static CliRun peerCli(int port, Path data, String... args) {
    return CliRun.against("http://127.0.0.1:" + port, data.resolve("admin.token"), null, args);
  }

  private static int refusedStatus(ApiClient api) {
    try {
      api.post("/api/policies/none/failover", java.util.Map.of());
      return 200;
    } catch (ApiClient.ApiException e) {
      return e.getMessage().contains("this near-line is the peer") ? 409 : 0;
    }
  }

  private void awaitCaughtUp() {
    f.awaitStatus("db1", Duration.ofSeconds(120), s -> s.path("peer").path("state").asText()
        .equals("caught-up") && s.path("peer").path("backlogObjects").asLong() == 0);
  }

  private static void awaitPeer(ApiClient api, String server, Predicate<JsonNode> condition,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode s = null;
    while (System.nanoTime() < deadline) {
      try {
        s = api.get("/api/servers/" + server);
        if (condition.test(s)) {
          return;
        }
      } catch (RuntimeException notYet) {
        s = null;
      }
      Thread.sleep(200);
    }
    fail("the peer's " + server + " did not get there in " + timeout + "; last: "
        + (s == null ? "unknown" : s.toPrettyString()));
  }

  /** Every log file the first holds, the second holds byte for byte. */
  private static void assertStoresIdentical(Path first, Path second) throws Exception {
    Path a = first.resolve("store/db1");
    Path b = second.resolve("store/db1");
    List<Path> files;
    try (Stream<Path> s = Files.list(a)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".zst")).toList();
    }
    assertFalse(files.isEmpty());
    for (Path p : files) {
      Path other = b.resolve(p.getFileName());
      assertTrue(Files.exists(other), p.getFileName() + " missing on the other near-line");
      assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(other),
          p.getFileName().toString());
    }
  }
}

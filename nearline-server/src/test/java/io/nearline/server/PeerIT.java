package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.recovery.AccessKind;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.peer.PeerConfig;
import io.nearline.testkit.Command;
import io.nearline.testkit.Ports;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two near-lines on loopback, the active in this JVM, the peer in a JVM of its own so that it
 * can be killed outright, the link through a proxy that cuts and damages it. Not in network
 * namespaces with netem latency and loss: this machine's kernel has no netem queueing
 * discipline ("Specified qdisc kind is unknown"), so the link's faults are the proxy's.
 */
class PeerIT {
  @RegisterExtension
  final NearlineFixture f = NearlineFixture.withoutServer().withPgbench(2);

  @Test
  void shouldReplicateThroughKillsCutsAndDamageThenPromoteFailOverFenceResyncAndHandBack() throws Exception {
    int activeLink = Ports.free();
    Path activeData = f.dir.resolve("nearline");
    startActive(activeLink);
    f.protectWithSurrogate("db1");
    f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));

    Files.createDirectories(f.dir.resolve("standby"));
    UnprivilegedUser.own(f.dir.resolve("standby"));
    int standbyPort = Ports.free();
    f.api.post("/api/pairs", pair(standbyPort));
    f.api.post("/api/policies", new RecoveryPolicy("db1-failover", List.of("db1-dr"),
        RecoveryPoint.LATEST, Stream.of("restore-data", "promote", "verify", "clean-up")
            .map(StepKind::new).toList(), null, null, List.of(), false, null, null, null));

    Path peerData = f.dir.resolve("peer");
    // The active reaches the peer through a proxy that can cut the link and damage it.
    LinkProxy proxy = LinkProxy.listening();
    int peerApi = Ports.free();
    int peerLink = Ports.free();
    proxy.to(peerLink);
    String[] viaProxy = {"--peer-address", "127.0.0.1:" + proxy.port()};
    ServerProcess peer = ServerProcess.start(peerData, f.dir.resolve("peer.log"), peerApi,
        peerLink, viaProxy);
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
      peer = ServerProcess.start(peerData, f.dir.resolve("peer.log"), peerApi, peerLink,
          viaProxy);
      load.waitFor();
      awaitCaughtUp();
      assertStoresIdentical(activeData, peerData);
      JsonNode link = f.status("db1").path("peer");
      assertEquals("caught-up", link.path("state").asText(), link.toPrettyString());
      assertEquals(0, link.path("backlogObjects").asLong());
      assertTrue(link.has("lastAck") && link.has("sendRateBytes") && link.has("peerRpoSeconds"),
          link.toPrettyString());

      // The link cut for a minute under load: the backlog waits, then goes, nothing twice.
      load = f.primary.pgbench(2, 75);
      Thread.sleep(5000);
      proxy.cut();
      f.awaitStatus("db1", Duration.ofSeconds(30), s -> s.path("peer").path("state").asText()
          .equals("disconnected"));
      Thread.sleep(55_000);
      assertTrue(f.status("db1").path("peer").path("backlogObjects").asLong() > 0,
          "segments collected while the link was cut wait for it");
      proxy.restore();
      load.waitFor();
      awaitCaughtUp();
      assertStoresIdentical(activeData, peerData);

      // A byte flipped on the way: the damaged transfer is dropped and sent again.
      // Switched segments of a quiet primary cross as a few KiB each: as many as it takes.
      long connections = proxy.connections();
      proxy.flipByteAfter(1 << 10);
      String last = null;
      for (int i = 0; i < 20 && !proxy.flipped(); i++) {
        last = f.archiveSegments(1).get(0);
        Thread.sleep(500);
      }
      assertTrue(proxy.flipped(), "the proxy flipped a byte");
      String sent = last;
      awaitPeer(peer.api, "db1", s -> sent.equals(s.path("lastSegment").asText()),
          Duration.ofSeconds(60));
      awaitCaughtUp();
      assertTrue(proxy.connections() > connections, "the damaged connection was dropped and "
          + "the object sent again on a new one");
      assertStoresIdentical(activeData, peerData);

      // The active is lost; the peer takes over and collects from the primary itself.
      f.stopServer();
      JsonNode promoted = peer.api.post("/api/peer/promote", java.util.Map.of());
      assertEquals("active", promoted.path("role").asText(), promoted.toPrettyString());
      String next = f.archiveSegments(2).get(1);
      awaitPeer(peer.api, "db1", s -> next.equals(s.path("lastSegment").asText()),
          Duration.ofSeconds(60));

      // The primary fails too: the promoted peer fails over with the replicated policy.
      f.primary.crash();
      JsonNode run = peer.api.post("/api/policies/db1-failover/failover", java.util.Map.of());
      JsonNode ended = awaitRun(peer.api, run.path("id").asLong());
      assertEquals("SUCCEEDED", ended.path("state").asText(), ended.toPrettyString());
      assertEquals("f", Command.run(f.dir, "psql", "-h", "127.0.0.1", "-p",
          Integer.toString(standbyPort), "-U", "postgres", "-XAtc", "SELECT pg_is_in_recovery()",
          "postgres").strip(), "the standby serves, promoted");

      // The old active returns: it learns it was replaced and fences itself.
      startActive(activeLink);
      assertEquals("fenced", f.api.get("/api/peer").path("role").asText());
      assertEquals("fenced", f.status("db1").path("state").asText());

      // Resynced, it receives what it lacks; promoted, it takes the role back.
      CliRun resync = f.cli("peer", "resync");
      assertEquals(0, resync.exitCode(), resync.err());
      f.awaitCollected("db1", next);
      awaitCaughtUpOn(peer.api);
      CliRun back = f.cli("peer", "promote");
      assertEquals(0, back.exitCode(), back.err());
      assertEquals("peer", peer.api.get("/api/peer").path("role").asText());
      assertEquals("active", f.api.get("/api/peer").path("role").asText());
      assertStoresIdentical(activeData, peerData);
    } finally {
      peer.close();
      proxy.close();
      Command.run(f.dir, "bash", "-c", "runuser -u " + UnprivilegedUser.NAME + " -- "
          + "/usr/lib/postgresql/15/bin/pg_ctl -D " + f.dir.resolve("standby/data")
          + " -m immediate stop || true");
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

  private RecoveryPair pair(int standbyPort) {
    Path data = f.dir.resolve("standby/data");
    return new RecoveryPair("db1-dr", "db1", new Standby("dr-host", AccessKind.LOCAL, null, 22,
        null, null, UnprivilegedUser.NAME, "127.0.0.1", false,
        "http://127.0.0.1:" + f.server.port(), java.util.Map.of("pgBin",
            "/usr/lib/postgresql/15/bin", "dataDirectory", data.toString(), "pgPort",
            standbyPort)), null);
  }

  private static JsonNode awaitRun(ApiClient api, long id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    JsonNode r = api.get("/api/runs/" + id);
    while (r.path("state").asText().equals("RUNNING") && System.nanoTime() < deadline) {
      Thread.sleep(250);
      r = api.get("/api/runs/" + id);
    }
    return r;
  }

  /** Until the near-line at {@code api}, active, has every object acknowledged by its peer. */
  private static void awaitCaughtUpOn(ApiClient api) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode s = api.get("/api/peer");
    while (!(s.path("state").asText().equals("caught-up") && s.path("backlogObjects").asLong()
        == 0)) {
      if (System.nanoTime() > deadline) {
        fail("not caught up: " + s.toPrettyString());
      }
      Thread.sleep(200);
      s = api.get("/api/peer");
    }
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

package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.peer.PeerConfig;
import io.nearline.shadow.postgres.Lsn;
import io.nearline.shadow.store.BaselineArchive;
import io.nearline.shadow.store.StoreCipher;
import io.nearline.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store encrypted at rest: collected and replayed through, a snapshot opened from it, its
 * data key rotated while pgbench writes, re-sealed whole, replicated to a near-line peer that
 * seals under a key of its own, and refused without the right key.
 */
class EncryptedStoreIT {
  @RegisterExtension final NearlineFixture f = NearlineFixture.withoutServer().withPgbench(1);

  @Test
  void shouldKeepTheStoreSealedAcrossAKeyRotationAndRefuseAWrongKey() throws Exception {
    Path key = f.dir.resolve("master.key");
    ServerConfig config = new ServerConfig(f.dir.resolve("nearline"), "127.0.0.1", 0, 0,
        NearlineFixture.fastSettings(), NearlineFixture.fastSurrogates()).withMasterKey(key)
        .withPeer(new PeerConfig(null, Ports.free(), null));
    f.startServer(config);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    f.protectWithSurrogate("db1");
    f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));

    Process load = f.primary.pgbench(2, 8);
    f.archiveSegments(1);
    f.api.post("/api/servers/db1/tags", Map.of("tag", "before-rotation"));
    JsonNode rotated = f.api.post("/api/store/rotate-key", Map.of());
    assertEquals(2, rotated.path("keys").size(), rotated.toString());
    load.waitFor();
    replayEverything();
    assertEquals(List.of(1, 2), keysInUse(), "segments sealed under both keys");

    JsonNode s = f.api.post("/api/servers/db1/snapshots", Map.of("tag", "before-rotation"));
    s = awaitOpen(s.path("id").asLong());
    f.api.delete("/api/snapshots/" + s.path("id").asLong());

    f.api.post("/api/store/rekey", Map.of());
    JsonNode store = f.api.get("/api/store");
    for (int i = 0; i < 300 && store.path("rekey").path("state").asText().equals("running");
        i++) {
      Thread.sleep(100);
      store = f.api.get("/api/store");
    }
    assertEquals("done", store.path("rekey").path("state").asText(), store.toString());
    assertEquals(List.of(2), keysInUse(), "every object sealed anew under key 2");
    assertEquals(0, f.api.post("/api/servers/db1/restorability/check", Map.of())
        .path("redPoints").asInt(), "every kept point checks out after re-sealing");

    shouldReplicateToAPeerThatSealsUnderItsOwnKey();

    f.stopServer();
    Path wrong = f.dir.resolve("wrong.key");
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> NearlineServer.start(config.withMasterKey(wrong)));
    assertTrue(refused.getMessage().contains("does not exist")
        && refused.getMessage().contains("nothing in the store can be read"),
        refused.getMessage());
    Files.writeString(wrong, java.util.Base64.getEncoder().encodeToString(new byte[32]));
    Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
    refused = assertThrows(IllegalStateException.class,
        () -> NearlineServer.start(config.withMasterKey(wrong)));
    assertTrue(refused.getMessage().contains("does not open data key 1"), refused.getMessage());
    refused = assertThrows(IllegalStateException.class,
        () -> NearlineServer.start(config.withMasterKey(null)));
    assertTrue(refused.getMessage().contains("the store is encrypted"), refused.getMessage());
    f.startServer(config);
    assertEquals("replaying", f.awaitStatus("db1", Duration.ofSeconds(60),
        x -> x.path("surrogateState").asText().equals("replaying"))
        .path("surrogateState").asText());
  }

  /**
   * A near-line peer with a master key of its own: baselines cross the link in clear (inside
   * TLS) and it seals them, and the log, under its own data key; it seeds its surrogate from
   * them and its verifier finds every kept point whole.
   */
  private void shouldReplicateToAPeerThatSealsUnderItsOwnKey() throws Exception {
    Path peerData = f.dir.resolve("peer");
    try (NearlineServer peer = NearlineServer.start(new ServerConfig(peerData, "127.0.0.1", 0,
        0, NearlineFixture.fastSettings(), NearlineFixture.fastSurrogates())
        .withMasterKey(f.dir.resolve("peer-master.key"))
        .withPeer(new PeerConfig(null, Ports.free(), null)))) {
      ApiClient peerApi = peer.localAdminClient();
      String code = f.api.post("/api/peer/pair", Map.of()).path("code").asText();
      assertTrue(peerApi.post("/api/peer/join", Map.of("code", code)).path("passed")
          .asBoolean());
      String last = f.status("db1").path("lastSegment").asText();
      JsonNode replaying = null;
      for (int i = 0; i < 1200; i++) {
        try {
          replaying = peerApi.get("/api/servers/db1");
          if (replaying.path("surrogateState").asText().equals("replaying")
              && last.compareTo(replaying.path("lastSegment").asText()) <= 0) {
            break;
          }
        } catch (ApiClient.ApiException notYet) {
          // the active's servers reach the peer with its first configuration
        }
        Thread.sleep(100);
      }
      assertEquals("replaying", String.valueOf(replaying == null ? null
          : replaying.path("surrogateState").asText()),
          "the peer seeds its surrogate from a baseline sealed under its own key: " + replaying);
      try (Stream<Path> kept = Files.walk(peerData.resolve("store/db1/baselines"))) {
        List<Path> archives = kept.filter(p -> p.getFileName().toString().equals(
            BaselineArchive.ARCHIVE)).toList();
        assertFalse(archives.isEmpty());
        for (Path a : archives) {
          assertEquals(1, StoreCipher.keyOf(a), a + " sealed under the peer's data key");
        }
      }
      assertEquals(List.of(1), keysInUse(peerData), "the peer's log sealed under its own key");
      assertEquals(0, peerApi.post("/api/servers/db1/restorability/check", Map.of())
          .path("redPoints").asInt(), "every point the peer keeps checks out");
    }
  }

  private void replayEverything() {
    Lsn end = Lsn.parse(f.primary.sql("SELECT pg_current_wal_lsn()"));
    f.primary.switchAndArchive();
    f.awaitStatus("db1", Duration.ofSeconds(120), x -> !x.path("replayedLsn").isNull()
        && Lsn.parse(x.path("replayedLsn").asText()).compareTo(end) >= 0);
  }

  /** The data keys the stored log files are sealed under; 0 would be a file in clear. */
  private List<Integer> keysInUse() throws Exception {
    return keysInUse(f.dir.resolve("nearline"));
  }

  private static List<Integer> keysInUse(Path dataDir) throws Exception {
    try (Stream<Path> files = Files.list(dataDir.resolve("store/db1"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".zst")).map(p -> {
        try {
          return StoreCipher.keyOf(p);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).distinct().sorted().toList();
    }
  }

  private JsonNode awaitOpen(long id) throws InterruptedException {
    JsonNode s = f.api.get("/api/snapshots/" + id);
    for (int i = 0; i < 600 && s.path("state").asText().equals("OPENING"); i++) {
      Thread.sleep(100);
      s = f.api.get("/api/snapshots/" + id);
    }
    assertEquals("OPEN", s.path("state").asText(), s.toString());
    return s;
  }
}

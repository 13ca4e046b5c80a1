package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.collect.CollectionSettings;
import io.nearline.server.peer.PeerConfig;
import io.nearline.testkit.Ports;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The near-line DR setup in the console, in a real headless Chromium against two near-lines on
 * loopback: a pairing code made on one console and pasted into the other's, the pairing check
 * on both, the WAN controls (a mistyped window refused next to its field, nothing saved), and
 * the role handed over and back by typed confirmation. Replication itself is PeerIT's.
 */
class PeerConsoleIT {
  private static final String PASSWORD = "correct-horse-battery";

  @TempDir Path dir;

  @Test
  void shouldPairSetTheLinkAndHandTheRoleOverFromTheConsole() throws Exception {
    try (NearlineServer first = start(dir.resolve("first"));
         NearlineServer second = start(dir.resolve("second"));
         Browser a = console(first);
         Browser b = console(second)) {
      a.go("/peer");
      assertTrue(a.text().contains("none paired"), a.text());
      a.assertAccessible();
      a.press("Make a pairing code");
      String code = a.find("#pairing-code").getText().strip();
      assertTrue(code.startsWith("NLP1-"), code);

      b.go("/peer");
      b.press("Join as its peer");
      assertTrue(b.find("#code-error").getText().contains("paste the code"),
          "an empty code is refused at its field");
      b.go("/peer");
      b.fill("code", code);
      b.screenshot("peer-join");
      b.press("Join as its peer");
      assertTrue(b.text().contains("Pairing check: passed"), b.text());
      assertTrue(b.text().contains("peer (epoch"), b.text());
      b.assertAccessible();
      assertEquals("peer", second.localAdminClient().get("/api/peer").path("role").asText());

      // The active checks the pair from its side too; replication starts when it passes.
      a.go("/peer");
      a.await(Duration.ofSeconds(30), d -> {
        a.go("/peer");
        return a.text().contains("Pairing check: passed")
            && a.attribute("dl span.light", "title").startsWith("caught-up");
      });
      a.screenshot("peer");

      // A mistyped window: shown at its field, nothing saved.
      a.fill("windows", "MON-FRY 08:00-18:00 10MB");
      a.press("Save the link settings");
      assertTrue(a.find("#windows-error").getText().contains("not a day: FRY"), a.text());
      ApiClient firstApi = first.localAdminClient();
      assertEquals(0, firstApi.get("/api/peer/settings").path("windows").size());
      a.fill("windows", "MON-FRI 08:00-18:00 10MB");
      a.fill("zone", "Europe/Berlin");
      a.fill("compressionLevel", "6");
      a.press("Save the link settings");
      assertTrue(a.text().contains("Link settings saved"), a.text());
      JsonNode saved = firstApi.get("/api/peer/settings");
      assertEquals(10L << 20, saved.path("windows").get(0).path("limit").asLong(),
          saved.toPrettyString());
      assertEquals(5, saved.path("windows").get(0).path("days").size());
      assertEquals("Europe/Berlin", saved.path("zone").asText());
      assertEquals(6, saved.path("compressionLevel").asInt());
      a.assertAccessible();

      // Promotion is typed, not clicked: a planned handover while the active answers.
      b.go("/peer");
      b.fill("promote-confirm", "yes");
      b.press("Promote");
      assertTrue(b.text().contains("type promote"), b.text());
      assertEquals("peer", second.localAdminClient().get("/api/peer").path("role").asText());
      b.fill("promote-confirm", "promote");
      b.press("Promote");
      assertTrue(b.text().contains("Now active"), b.text());
      assertEquals("peer", firstApi.get("/api/peer").path("role").asText());

      // And back, from the first one's console.
      a.go("/peer");
      a.fill("promote-confirm", "promote");
      a.press("Promote");
      assertTrue(a.text().contains("Now active"), a.text());
      assertEquals("peer", second.localAdminClient().get("/api/peer").path("role").asText());
    }
  }

  private static NearlineServer start(Path data) throws Exception {
    return NearlineServer.start(new ServerConfig(data, "127.0.0.1", 0, 0,
        CollectionSettings.defaults()).withPeer(new PeerConfig(null, Ports.free(), null)));
  }

  /** A browser signed in to {@code server}'s console as its admin, set up on the way. */
  private static Browser console(NearlineServer server) {
    Browser b = Browser.open("http://127.0.0.1:" + server.port());
    b.setUp(server.consoleSetupLink(), PASSWORD);
    b.goSignedIn("/peer", "admin", PASSWORD);
    return b;
  }
}

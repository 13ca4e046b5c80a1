package io.nearline.drills.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.testkit.RecordedEws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mailbox probe against a recorded-response EWS endpoint on loopback. */
class EwsMailboxProbeTest {
  @TempDir
  Path dir;

  @Test
  void shouldPassWhenTheInboxOpensAndFailSayingWhyWhenItDoesNot() throws Exception {
    Path password = dir.resolve("ews.password");
    Files.writeString(password, "ews-Pass\n");
    try (RecordedEws ews = RecordedEws.start(Set.of("user1@example.com"))) {
      ProbeRun run = new ProbeRun(new DrillServer("exchange", "127.0.0.1", 443, "MBX-DR",
          "nearline", ""), null, Duration.ofSeconds(10), null, 7);
      EwsMailboxProbe probe = new EwsMailboxProbe();

      ProbeResult opened = probe.run(spec(ews, "user1@example.com", "10"), run);
      assertTrue(opened.passed(), opened.toString());
      assertEquals("the inbox of user1@example.com opens", opened.summary());
      assertTrue(opened.evidence().contains("holds 12 items, 3 unread"), opened.evidence());

      ProbeResult tooFew = probe.run(spec(ews, "user1@example.com", "20"), run);
      assertFalse(tooFew.passed());
      assertTrue(tooFew.summary().contains("fewer than 20"), tooFew.summary());

      ProbeResult missing = probe.run(spec(ews, "gone@example.com", null), run);
      assertFalse(missing.passed());
      assertTrue(missing.summary().contains("has no mailbox associated with it"),
          missing.summary());
    }
  }

  private ProbeSpec spec(RecordedEws ews, String mailbox, String minItems) {
    Map<String, String> settings = new java.util.HashMap<>(Map.of("url", ews.url(), "mailbox",
        mailbox, "user", "EXAMPLE\\nearline", "passwordFile",
        dir.resolve("ews.password").toString()));
    if (minItems != null) {
      settings.put("minItems", minItems);
    }
    return new ProbeSpec("ews-mailbox", null, 10, null, null, null, null, null, settings);
  }
}

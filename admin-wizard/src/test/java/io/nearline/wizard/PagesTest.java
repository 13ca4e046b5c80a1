package io.nearline.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recovery.AccessKind;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.Standby;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.services.MigrationState;
import io.nearline.services.MigrationView;
import io.nearline.services.peer.LinkSettings;
import io.nearline.services.peer.LinkState;
import io.nearline.services.peer.LinkWindowText;
import io.nearline.services.peer.NodeRole;
import io.nearline.services.peer.PairStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagesTest {
  private final Pages pages = new Pages();

  @Test
  void everyValueIsEscapedSoAServersErrorCannotWriteIntoThePage() {
    String html = pages.render("light", Map.of("l", new Light(Light.RED,
        "<script>alert('x')</script> & \"more\"")));
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
        + "&quot;more&quot;"), html);
  }

  @Test
  void onlyTheConsolesOwnRenderedHtmlGoesInUnescaped() {
    String html = pages.render("status", Map.ofEntries(Map.entry("rawBody", "<b>body</b>"),
        Map.entry("title", "<i>t</i>"), Map.entry("nearline", "host"),
        Map.entry("signedIn", false), Map.entry("me", ""), Map.entry("role", ""),
        Map.entry("operator", false), Map.entry("admin", false), Map.entry("csrf", ""),
        Map.entry("path", "/")));
    assertTrue(html.contains("<b>body</b>"), html);
    assertTrue(html.contains("&lt;i&gt;t&lt;/i&gt;"), html);
  }

  @Test
  void aMigrationsPageRendersInEveryStateWithWhatCanBeDoneThen() {
    MigrationPlan plan = new MigrationPlan("db1", new Standby("db1-v17", AccessKind.LOCAL, null,
        22, null, null, "postgres", "127.0.0.1", false, "http://127.0.0.1:7480", Map.of()),
        "db1-failover", null, null, null, io.nearline.recovery.migration.MigrationPath.DUMP);
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    for (MigrationState state : MigrationState.values()) {
      boolean cutOver = state != MigrationState.PLANNED;
      MigrationView v = new MigrationView(plan, state, cutOver ? 7L : null, cutOver ? at : null,
          cutOver ? at.plusSeconds(86400) : null, state == MigrationState.RETIRED ? at : null,
          cutOver ? Map.of("writeDowntimeSeconds", "2.40") : Map.of(), null, null, Map.of(),
          null);
      Map<String, Object> values = new java.util.HashMap<>(Map.of("title", "t", "nearline",
          "host", "signedIn", true, "me", "ops", "role", "operator", "operator", true, "admin",
          false, "csrf", "c", "path", "/migrations/db1"));
      values.putAll(MigrationPages.values(v, cutOver ? null : new CheckReport("check",
          List.of(new CheckReport.Item("primary keys", false, "no key"))), "", List.of(
          new MigrationPages.HistoryRow(7, "cutover", "rolled back", "-", "-")), at));
      String html = pages.render("migration", values);
      assertTrue(html.contains("copied whole while writes are stopped"), html);
      assertEquals(!cutOver, html.contains("Pre-flight check: failed"), state.id());
      assertEquals(state == MigrationState.MIGRATED, html.contains(">Roll back</button>"),
          state.id());
      assertEquals(state == MigrationState.PLANNED || state == MigrationState.ROLLED_BACK,
          html.contains(">Plan the cutover</button>"), state.id());
    }
  }

  @Test
  void thePeerPageOffersWhatEachRoleCanDo() {
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    LinkSettings settings = new LinkSettings(9, 0, "Europe/Berlin", List.of(
        LinkWindowText.parse("MON-FRI 08:00-18:00 10MB")));
    CheckReport failed = new CheckReport("pair", List.of(new CheckReport.Item("clock skew",
        false, "the peer's clock is 9000 ms ahead")));
    for (NodeRole role : NodeRole.values()) {
      for (boolean paired : List.of(false, true)) {
        PairStatus s = new PairStatus("n1", role, 2, "joined", "127.0.0.1:7481",
            paired ? LinkState.CAUGHT_UP : LinkState.UNPAIRED, null,
            paired ? new PairStatus.Peer("n2", "127.0.0.1:7482", at) : null,
            paired ? failed : null, 3L, 1L << 20, 1.5, 0, 0, settings);
        Map<String, Object> values = new java.util.HashMap<>(Map.of("title", "t", "nearline",
            "host", "signedIn", true, "me", "admin", "role", "admin", "operator", true, "admin",
            true, "csrf", "c", "path", "/peer"));
        values.putAll(PeerPages.values(s, paired ? PeerPages.Shown.NOTHING
            : PeerPages.Shown.code("NLP1-code")));
        String html = pages.render("peer", values);
        String what = role + (paired ? " paired" : " unpaired");
        assertEquals(!paired && role == NodeRole.ACTIVE,
            html.contains(">Make a pairing code</button>"), what);
        assertEquals(!paired, html.contains(">Join as its peer</button>"), what);
        assertEquals(paired, html.contains("Pairing check: failed"), what);
        assertEquals(paired, html.contains("MON-FRI 08:00-18:00 10MB"), what);
        assertEquals(role == NodeRole.PEER, html.contains(">Promote</button>"), what);
        assertEquals(role == NodeRole.FENCED, html.contains(">Resync</button>"), what);
        assertEquals(!paired, html.contains("NLP1-code"), what);
      }
    }
  }

  @Test
  void aWindowReadsBackAsItIsWritten() {
    for (String text : List.of("MON-FRI 08:00-18:00 10MB", "MON,SAT 22:00-06:00 512KB",
        "MON-SUN 00:00-23:59 1000", "WED 08:00:30-09:00 1GB")) {
      assertEquals(text, LinkWindowText.text(LinkWindowText.parse(text)));
    }
    assertEquals("0", LinkWindowText.rate(0));
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> LinkWindowText.bytes("16000000000G")).getMessage().contains("too large"));
  }

  @Test
  void aSignInOnlySendsBackToAPathOnThisServer() {
    assertEquals("/runs/3", SignInPages.safeNext("/runs/3"));
    assertEquals("/", SignInPages.safeNext("//evil.example/"));
    assertEquals("/", SignInPages.safeNext("https://evil.example/"));
    assertEquals("/", SignInPages.safeNext("/\\evil.example"));
    assertEquals("/", SignInPages.safeNext("/\t/evil.example"));
    assertEquals("/", SignInPages.safeNext("/\n/evil.example"));
    assertEquals("/drills?x=1", SignInPages.safeNext("/drills?x=1"));
    assertEquals("/", SignInPages.safeNext(null));
  }
}

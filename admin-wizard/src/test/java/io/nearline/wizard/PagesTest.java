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

package io.nearline.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

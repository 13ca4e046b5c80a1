package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.common.json.Json;
import io.nearline.server.auth.ConsoleConfig;
import io.nearline.server.auth.DirectorySignIn;
import io.nearline.testkit.SambaServer;
import io.nearline.testkit.TestDirectory;
import io.nearline.testkit.UnprivilegedUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console, end to end in a real headless Chromium against a running server with real
 * parts: the first visit sets the admin password; the protect and pair wizards are completed;
 * a light turns red while the share is down and green again, live; a drill and a failover run
 * from the page to their reports; a directory viewer sees no failover button and a forged form
 * is refused. Every page is checked by axe-core and photographed. One world, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
  private static final String PASSWORD = "correct-horse-battery";
  private static final String PEOPLE = "ou=people," + TestDirectory.BASE_DN;

  @RegisterExtension
  static final FailoverWorld w = FailoverWorld.perClass();
  private static Browser admin;

  @BeforeAll
  static void start() throws Exception {
    w.directory.load(people());
    w.f.startServer(new ServerConfig(w.dir.resolve("nearline"), "127.0.0.1", 0, 0,
        NearlineFixture.fastSettings(), NearlineFixture.fastSurrogates(),
        ApiSecurity.defaults().withConsole(ConsoleConfig.defaults().withDirectory(
            new DirectorySignIn(w.directory.url(), "uid={user}," + PEOPLE,
                "cn=nearline-viewers," + PEOPLE, "cn=nearline-operators," + PEOPLE, null)))));
    w.url = "http://127.0.0.1:" + w.f.server.port();
    admin = Browser.open(w.url);
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  @Order(1)
  void theFirstVisitSetsTheAdminPasswordThenSignsIn() throws Exception {
    String link = w.f.server.consoleSetupLink();
    assertTrue(link.startsWith(w.url + "/setup?code="), link);
    admin.go("/");
    assertEquals("/sign-in", admin.path()); // nothing is shown before signing in
    assertTrue(admin.text().contains("setup link"), admin.text());
    admin.go(link);
    admin.assertAccessible();
    admin.screenshot("setup");
    admin.fill("password", PASSWORD);
    admin.fill("passwordAgain", PASSWORD);
    admin.press("Set the password");
    assertEquals("/sign-in", admin.path());
    admin.go(link); // used once
    assertEquals("/sign-in", admin.path());
    admin.assertAccessible();
    admin.screenshot("sign-in");
    signIn(admin, "admin", PASSWORD);
    assertEquals("/", admin.path());
    assertTrue(admin.find("header").getText().contains("console:admin"));
    assertTrue(admin.find("header").getText().contains("on " + io.nearline.server.peer.NodeView.hostName()));
  }

  @Test
  @Order(2)
  void theProtectWizardTestsEachScreenBeforeGoingOn() throws Exception {
    admin.go("/servers/new");
    admin.fill("name", "db1");
    admin.press("Test and continue");
    admin.fill("share", w.f.samba.url("archive"));
    admin.fill("user", SambaServer.USER);
    admin.fill("password", "not-the-password");
    admin.press("Test and continue");
    String problem = admin.find("#password-error").getText(); // next to the field at fault
    assertTrue(problem.contains("wrong user name or password"), problem);
    admin.assertAccessible();
    admin.screenshot("protect-share-error");
    admin.fill("password", NearlineFixture.SMB_PASSWORD);
    admin.press("Test and continue");
    assertTrue(admin.text().contains("Share: listed"), admin.text());
    admin.fill("primary", "host=127.0.0.1 port=1 user=postgres dbname=postgres");
    admin.press("Test and continue");
    assertTrue(admin.find("#primary-error").isDisplayed());
    admin.fill("primary", w.f.primary.connectionString());
    admin.press("Test and continue");
    assertTrue(admin.text().contains("system identifier"), admin.text());
    admin.press("Test and continue"); // surrogate: yes
    admin.assertAccessible();
    admin.screenshot("protect-review");
    admin.press("Protect db1");
    assertEquals("/servers/db1/points", admin.path());
    w.f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
  }

  @Test
  @Order(3)
  void thePairWizardShowsTheStandbyCheckThenSavesAPolicyThatTheFormEdits() throws Exception {
    admin.go("/pairs/new");
    admin.fill("name", "db1-dr");
    admin.fill("standbyName", "dr-host"); // need not match the primary's name
    admin.press("Continue");
    admin.fill("osUser", UnprivilegedUser.NAME);
    admin.fill("clientHost", "127.0.0.1");
    admin.fill("settings", "pgBin=/usr/lib/postgresql/15/bin\ndataDirectory="
        + w.dir.resolve("standby/data") + "\npgPort=" + w.standbyPort);
    admin.press("Check the standby");
    assertFalse(admin.all("ul.report li.passed").isEmpty());
    assertTrue(admin.all("ul.report li.failed").isEmpty(), admin.text());
    admin.assertAccessible();
    admin.screenshot("pair-check");
    admin.press("Save the pair and its default policy");
    assertEquals("/policies/db1-dr", admin.path(), admin.text());
    // The policy form says what the API says about the same mistake, next to the field.
    admin.fill("rtoTargetSeconds", "-5");
    admin.fill("directory", Json.write(w.policy().directory()));
    admin.fill("restartCommands", "false"); // fails: the failover's run stops there
    admin.fill("steps", ""); // the usual steps, which with a directory now re-home clients
    admin.press("Check and save");
    assertTrue(admin.find("#rtoTargetSeconds-error").getText().contains("must be"),
        admin.text());
    admin.fill("rtoTargetSeconds", "120");
    admin.press("Check and save");
    assertTrue(admin.text().contains("Saved: the policy passed its check"), admin.text());
    assertTrue(admin.text().contains("standby store empty"), admin.text()); // mailboxes move
    admin.assertAccessible();
    admin.screenshot("policy");
  }

  @Test
  @Order(4)
  void aLightTurnsRedWhileTheShareIsDownAndGreenAgainWithoutAReload() throws Exception {
    admin.go("/");
    admin.await(Duration.ofSeconds(30), d -> collectionLight().contains("green"));
    admin.assertAccessible();
    admin.screenshot("dr-status");
    admin.script("window.notReloaded = true;");
    w.f.samba.stop();
    try {
      w.f.archiveSegments(1);
      admin.await(Duration.ofSeconds(60), d -> collectionLight().contains("red"));
      String reason = admin.attribute(LIGHT, "title");
      assertTrue(reason.startsWith("share unreachable since "), reason);
      admin.screenshot("dr-status-share-down");
    } finally {
      w.f.samba.start();
    }
    admin.await(Duration.ofSeconds(60), d -> collectionLight().contains("green"));
    assertEquals(Boolean.TRUE, admin.script("return window.notReloaded === true;"));
    w.f.awaitStatus("db1", Duration.ofSeconds(120), // replay catches up with what was missed
        s -> s.path("surrogateState").asText().equals("replaying"));
  }

  @Test
  @Order(5)
  void theTimeDialBrowsesPointsAndTagsOne() throws Exception {
    admin.go("/servers/db1/points");
    assertTrue(admin.text().contains("latest: the newest collected log"), admin.text());
    admin.go(admin.find("nav[aria-label=Days] a").getAttribute("href"));
    assertFalse(admin.all("nav[aria-label=Hours] a").isEmpty());
    admin.fill("tag", "before-drill");
    admin.press("Tag");
    assertTrue(admin.text().contains("tag before-drill"), admin.text());
    admin.assertAccessible();
    admin.screenshot("time-dial");
    admin.go("/servers/db1/retention");
    admin.driver().findElement(org.openqa.selenium.By.cssSelector("#holdKind option[value=tag]"))
        .click();
    admin.fill("holdValue", "before-drill");
    admin.fill("reason", "case 4711");
    admin.press("Put under legal hold");
    String hold = w.f.api.get("/api/holds?server=db1").get(0).path("id").asText();
    String kept = admin.find("section[aria-labelledby=plan-h] table").getText();
    assertTrue(kept.contains("legal hold " + hold), kept); // retention keeps it, and says why
    admin.assertAccessible();
    admin.screenshot("retention");
    admin.press("Lift hold " + hold);
    assertFalse(admin.hasButton("Lift hold " + hold), admin.text());
  }

  @Test
  @Order(6)
  void aDrillOfAChosenPointRunsFromTheTimeDialToItsReport() throws Exception {
    admin.go("/servers/db1/points");
    admin.submit(admin.driver().findElement(org.openqa.selenium.By.xpath("//tr[td[contains(., "
        + "'tag before-drill')]]//button[normalize-space()='Drill db1-dr here']")));
    assertTrue(admin.path().startsWith("/runs/"), admin.path());
    String id = admin.path().substring("/runs/".length());
    admin.await(Duration.ofSeconds(180), d -> admin.all("#report-h").size() == 1);
    admin.go("/drills/" + id);
    assertTrue(admin.text().contains("passed"), admin.text());
    String plan = w.f.api.get("/api/runs/" + id).path("plan").asText();
    assertEquals("before-drill", Json.MAPPER.readTree(plan).path("policy").path("point")
        .path("value").asText(), plan);
    HttpResponse<byte[]> pdf = as(admin, HttpRequest.newBuilder(URI.create(w.url + "/drills/"
        + id + "/report.pdf")).GET());
    assertEquals(200, pdf.statusCode());
    assertEquals("%PDF", new String(pdf.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    admin.assertAccessible();
    admin.screenshot("drill");
    admin.go("/drills");
    assertEquals(1, admin.all("figure svg > rect").size(), "one bar per drill");
    assertTrue(admin.hasButton("Run a drill now"));
    admin.fill("cron", "every night");
    admin.press("Schedule drills");
    assertFalse(admin.all("#cron-error, p.error").isEmpty(), admin.text()); // said, not saved
    assertFalse(admin.hasButton("Stop the schedule of db1-dr"));
    admin.fill("cron", "0 0 2 * * ?");
    admin.fill("zone", "Europe/Berlin");
    admin.press("Schedule drills");
    assertTrue(admin.hasButton("Stop the schedule of db1-dr"), admin.text());
    admin.assertAccessible();
    admin.screenshot("drills");
  }

  @Test
  @Order(7)
  void aDirectoryViewerSeesNoFailoverButtonAndAForgedFormIsRefused() throws Exception {
    try (Browser viewer = Browser.open(w.url)) {
      viewer.go("/");
      signIn(viewer, "vera", "wrong-password");
      assertTrue(viewer.text().contains("wrong name or password"), viewer.text());
      signIn(viewer, "vera", "vera-password");
      assertEquals("/", viewer.path());
      assertTrue(viewer.find("header").getText().contains("ldap:vera (viewer)"));
      assertTrue(viewer.text().contains("db1-dr"), viewer.text());
      assertFalse(viewer.hasButton("Disaster Recovery Failover"));
      viewer.go("/servers/new");
      assertTrue(viewer.text().contains("needs the admin role"), viewer.text());
      viewer.assertAccessible();
      viewer.press("Sign out");
      assertEquals("/sign-in", viewer.path());
    }
    // The admin's own session, but a form that did not come from a page Nearline served.
    HttpResponse<byte[]> forged = as(admin, HttpRequest.newBuilder(URI.create(w.url
        + "/policies/db1-dr/plan")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("kind=failover")));
    assertEquals(403, forged.statusCode());
    assertTrue(new String(forged.body()).contains("CSRF"));
  }

  @Test
  @Order(8)
  void aFailoverRunsFromThePlanPreviewToItsReport() throws Exception {
    w.f.archiveSegments(1);
    w.f.primary.crash();
    admin.go("/");
    long asked = System.nanoTime();
    admin.press("Disaster Recovery Failover");
    assertTrue(admin.path().startsWith("/runs/"), admin.path());
    assertTrue(System.nanoTime() - asked < Duration.ofSeconds(10).toNanos(), "preview in 10 s");
    String plan = admin.text();
    assertTrue(plan.contains("Plan preview"), plan);
    assertTrue(admin.all("ul.changes li").stream().anyMatch(li -> li.getText()
        .contains("cn=db1")), plan); // the service entry, before and after
    admin.assertAccessible();
    admin.screenshot("failover-plan");
    admin.press("Start the failover of db1-dr now");
    // The restart command fails: the run stops there, and an operator decides.
    admin.await(Duration.ofSeconds(240), d -> admin.hasButton("Skip the step"));
    assertTrue(admin.hasButton("Retry the step") && admin.hasButton("Roll back"));
    admin.assertAccessible();
    admin.fill("reason", "the pooler is restarted by hand");
    admin.press("Skip the step");
    admin.await(Duration.ofSeconds(240), d -> admin.all("#report-h").size() == 1);
    String report = admin.find("section.final").getText();
    assertTrue(report.matches("(?s).*RTO\\s+\\d+(\\.\\d+)? s.*"), report);
    assertTrue(report.contains("restart-services was skipped (the pooler is restarted by hand)"),
        report);
    assertEquals("1", w.psqlService("SELECT 1")); // clients reach the standby by the entry
    admin.assertAccessible();
    admin.screenshot("failover-report");
  }

  @Test
  @Order(9)
  void anAdminMakesATokenSeenOnceThatTheApiTakesAndRevokesIt() throws Exception {
    admin.go("/tokens");
    admin.fill("name", "ci-runner");
    admin.press("Make a token");
    String secret = admin.find("#secret").getAttribute("value");
    assertTrue(secret.startsWith("nl_"), secret);
    admin.assertAccessible();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest status = HttpRequest.newBuilder(URI.create(w.url + "/api/servers"))
        .header("Authorization", "Bearer " + secret).build();
    assertEquals(200, http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode());
    admin.go("/tokens");
    assertFalse(admin.text().contains(secret), "shown once");
    admin.screenshot("tokens");
    admin.press("Revoke ci-runner");
    assertEquals(401, http.send(status, HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  @Order(10)
  void theAuditLogPageShowsConsoleActions() throws Exception {
    admin.go("/audit");
    String audit = admin.text();
    assertTrue(audit.contains("POST /policies/db1-dr/start"), audit);
    assertTrue(audit.contains("console:admin"), audit);
    assertTrue(audit.contains("403"), audit); // the forged form, refused
    assertFalse(audit.contains("nl_"), "no token's secret in the audit log");
    admin.assertAccessible();
    admin.screenshot("audit");
  }

  @Test
  @Order(11)
  void pagesReadAt360PixelsWide() throws Exception {
    admin.resize(360, 800);
    try {
      for (String page : new String[] {"/", "/servers/db1/points", "/drills", "/audit"}) {
        admin.go(page);
        long width = ((Number) admin.script(
            "return document.documentElement.scrollWidth")).longValue();
        assertTrue(width <= 360, page + " is " + width + " px wide");
        admin.assertAccessible();
      }
      admin.go("/");
      admin.screenshot("dr-status-narrow");
    } finally {
      admin.resize(1280, 900);
    }
  }

  /** db1's log collection light on the DR status page. */
  private static final String LIGHT =
      "#live section:nth-of-type(2) tbody tr td:nth-of-type(1) span.light";

  private String collectionLight() {
    return admin.attribute(LIGHT, "class");
  }

  private static void signIn(Browser b, String user, String password) {
    if (!b.path().equals("/sign-in")) {
      b.go("/sign-in");
    }
    b.fill("user", user);
    b.fill("password", password);
    b.press("Sign in");
  }

  /** A request with the browser's session cookie, as another page or site might send it. */
  private static HttpResponse<byte[]> as(Browser b, HttpRequest.Builder request)
      throws Exception {
    return HttpClient.newHttpClient().send(request.header("Cookie", "nearline_session="
        + b.cookie("nearline_session")).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String people() {
    return "dn: " + PEOPLE + "\nobjectClass: organizationalUnit\nou: people\n\n"
        + person("olivia", "olivia-password") + person("vera", "vera-password")
        + group("nearline-operators", "olivia") + group("nearline-viewers", "vera");
  }

  private static String person(String uid, String password) {
    return "dn: uid=" + uid + "," + PEOPLE + "\nobjectClass: inetOrgPerson\nuid: " + uid
        + "\ncn: " + uid + "\nsn: " + uid + "\nuserPassword: " + password + "\n\n";
  }

  private static String group(String cn, String member) {
    return "dn: cn=" + cn + "," + PEOPLE + "\nobjectClass: groupOfNames\ncn: " + cn
        + "\nmember: uid=" + member + "," + PEOPLE + "\n\n";
  }
}

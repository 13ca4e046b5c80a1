package io.nearline.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.server.ApiSecurity;
import io.nearline.server.NearlineFixture;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.auth.ConsoleConfig;
import io.nearline.server.auth.DirectorySignIn;
import io.nearline.server.cli.Trust;
import io.nearline.testkit.InMemoryDirectory;
import io.nearline.testkit.TestDirectory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Console sign-in as the browser sees it on the wire, over TLS: the one-time setup link, the
 * cookies' flags, lock-out, the idle timeout, sign-out, and directory users with their roles.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSignInIT {
  private static final String PASSWORD = "a-long-enough-password";
  private static final String PEOPLE = "ou=people," + TestDirectory.BASE_DN;
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @TempDir
  static Path dir;
  static NearlineServer server;
  static InMemoryDirectory directory;
  static HttpClient http;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    directory = InMemoryDirectory.start();
    directory.load("dn: " + TestDirectory.BASE_DN + "\nobjectClass: domain\ndc: example\n\n"
        + "dn: " + PEOPLE + "\nobjectClass: organizationalUnit\nou: people\n\n"
        + "dn: uid=olivia," + PEOPLE + "\nobjectClass: inetOrgPerson\nuid: olivia\ncn: o\nsn: o"
        + "\nuserPassword: olivia-password\n\n"
        + "dn: uid=omar," + PEOPLE + "\nobjectClass: inetOrgPerson\nuid: omar\ncn: o\nsn: o"
        + "\nuserPassword: omar-password\n\n"
        + "dn: uid=nobody," + PEOPLE + "\nobjectClass: inetOrgPerson\nuid: nobody\ncn: n\nsn: n"
        + "\nuserPassword: nobody-password\n\n"
        + "dn: cn=ops," + PEOPLE + "\nobjectClass: groupOfNames\ncn: ops\nmember: uid=olivia,"
        + PEOPLE + "\nmember: uid=omar," + PEOPLE + "\n\n");
    ConsoleConfig console = new ConsoleConfig(Duration.ofSeconds(3), 3, Duration.ofMinutes(5),
        new DirectorySignIn(directory.url(), "uid={user}," + PEOPLE, null, "cn=ops," + PEOPLE,
            null));
    server = NearlineServer.start(new ServerConfig(dir.resolve("nearline"), "127.0.0.1", 0, 0,
        NearlineFixture.fastSettings(), NearlineFixture.fastSurrogates(),
        ApiSecurity.defaults().withTls(null, null).withConsole(console)));
    url = "https://127.0.0.1:" + server.port();
    http = HttpClient.newBuilder().sslContext(Trust.of(server.certificateFile())).build();
  }

  @AfterAll
  static void stop() {
    server.close();
    directory.close();
  }

  @Test
  @Order(1)
  void theSetupLinkIsPrivateAndWorksOnce() throws Exception {
    Path file = dir.resolve("nearline/console-setup.link");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String link = Files.readString(file).strip();
    assertEquals(link, server.consoleSetupLink());
    String code = link.substring(link.indexOf("code=") + 5);
    Browsing b = new Browsing();
    b.get("/setup?code=" + code);
    assertEquals(403, b.post("/setup", Map.of("code", code + "x", "password", PASSWORD,
        "passwordAgain", PASSWORD)).statusCode());
    HttpResponse<String> shortOne = b.post("/setup", Map.of("code", code, "password", "short",
        "passwordAgain", "short"));
    assertEquals(400, shortOne.statusCode());
    assertTrue(shortOne.body().contains("role=\"alert\">The password must be at least 12 "
        + "characters"), shortOne.body());
    HttpResponse<String> set = b.post("/setup", Map.of("code", code, "password", PASSWORD,
        "passwordAgain", PASSWORD));
    assertEquals(303, set.statusCode(), set.body());
    assertTrue(Files.notExists(file), "the used link is deleted");
    assertEquals(403, b.post("/setup", Map.of("code", code, "password", PASSWORD + "2",
        "passwordAgain", PASSWORD + "2")).statusCode(), "a second use");
  }

  @Test
  @Order(2)
  void sessionCookiesAreSecureHttpOnlyAndSameSite() throws Exception {
    Browsing b = new Browsing();
    HttpResponse<String> in = b.signIn("admin", PASSWORD);
    assertEquals(303, in.statusCode(), in.body());
    String cookie = in.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("nearline_session=")).findFirst().orElseThrow();
    for (String flag : List.of("HttpOnly", "SameSite=Strict", "Secure", "Path=/")) {
      assertTrue(cookie.contains(flag), cookie);
    }
    assertEquals(200, b.get("/").statusCode());
    assertTrue(b.get("/").body().contains("console:admin"));
  }

  @Test
  @Order(3)
  void aNameIsLockedOutAfterRepeatedFailuresEvenWithTheRightPassword() throws Exception {
    Browsing b = new Browsing();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> wrong = b.signIn("olivia", "guess-" + i);
      assertEquals(401, wrong.statusCode());
      assertTrue(wrong.body().contains("wrong name or password"));
    }
    HttpResponse<String> locked = b.signIn("olivia", "olivia-password");
    assertEquals(429, locked.statusCode());
    assertTrue(locked.body().contains("locked until"), locked.body());
  }

  @Test
  @Order(4)
  void aSessionEndsWhenIdleAndOnSignOut() throws Exception {
    Browsing b = new Browsing();
    b.signIn("admin", PASSWORD);
    assertEquals(200, b.get("/").statusCode());
    Thread.sleep(3500);
    HttpResponse<String> idle = b.get("/");
    assertEquals(303, idle.statusCode());
    assertEquals("/sign-in?next=%2F", idle.headers().firstValue("Location").orElseThrow());

    b.signIn("admin", PASSWORD);
    String csrf = b.csrf(b.get("/").body());
    Map<String, String> cookies = Map.copyOf(b.cookies);
    assertEquals(303, b.post("/sign-out", Map.of("csrf", csrf)).statusCode());
    b.cookies.putAll(cookies); // the old session's cookie, kept by someone
    assertEquals(303, b.get("/").statusCode(), "ended on the server, not only in the browser");
  }

  @Test
  @Order(5)
  void directoryUsersGetTheRoleTheirGroupGives() throws Exception {
    Browsing nobody = new Browsing();
    assertEquals(401, nobody.signIn("nobody", "nobody-password").statusCode(),
        "in no console group");
    Browsing carol = new Browsing();
    assertEquals(401, carol.signIn("carol", "no-such-person").statusCode());

    Browsing omar = new Browsing();
    assertEquals(303, omar.signIn("omar", "omar-password").statusCode());
    assertTrue(omar.get("/").body().contains("ldap:omar</strong> (operator)"));
    HttpResponse<String> wizard = omar.get("/servers/new");
    assertEquals(403, wizard.statusCode());
    assertTrue(wizard.body().contains("needs the admin role"), wizard.body());

    Browsing admin = new Browsing();
    admin.signIn("admin", PASSWORD);
    HttpResponse<String> audit = admin.get("/audit");
    assertEquals(200, audit.statusCode());
    assertTrue(audit.body().contains("POST /sign-in"), "sign-ins are audited");
    assertTrue(!audit.body().contains(PASSWORD), "passwords never reach the audit log");
  }

  /** A client with a cookie jar, as a browser keeps one. */
  static final class Browsing {
    final Map<String, String> cookies = new java.util.HashMap<>();

    HttpResponse<String> get(String path) throws Exception {
      return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
      Map<String, String> fields = new java.util.HashMap<>(form);
      fields.putIfAbsent("csrf", cookies.getOrDefault("nearline_form", ""));
      return send(HttpRequest.newBuilder(URI.create(url + path))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(fields.entrySet().stream()
              .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                  StandardCharsets.UTF_8)).collect(Collectors.joining("&")))));
    }

    HttpResponse<String> signIn(String user, String password) throws Exception {
      get("/sign-in");
      return post("/sign-in", Map.of("user", user, "password", password, "next", "/"));
    }

    String csrf(String page) {
      Matcher m = CSRF.matcher(page);
      assertTrue(m.find(), page);
      return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      if (!cookies.isEmpty()) {
        request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "="
            + e.getValue()).collect(Collectors.joining("; ")));
      }
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.substring(0, c.indexOf(';'));
        String value = pair.substring(pair.indexOf('=') + 1);
        if (value.isEmpty()) {
          cookies.remove(pair.substring(0, pair.indexOf('=')));
        } else {
          cookies.put(pair.substring(0, pair.indexOf('=')), value);
        }
      }
      return r;
    }
  }
}

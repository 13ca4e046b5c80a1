package io.nearline.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.router.Endpoint;
import io.nearline.common.json.Json;
import io.nearline.server.ApiSecurity;
import io.nearline.server.CliRun;
import io.nearline.server.NearlineFixture;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.services.web.Access;
import io.nearline.services.web.Role;
import io.nearline.services.web.Routes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route refuses a caller without a credential, and one without the right. */
class AccessIT {
  @TempDir static Path dir;
  static NearlineServer server;
  static final HttpClient http = HttpClient.newHttpClient();
  static final Map<Role, String> tokens = new java.util.EnumMap<>(Role.class);
  static String reader;
  static String otherReader;

  @BeforeAll
  static void start() throws Exception {
    server = NearlineServer.start(new ServerConfig(dir.resolve("nearline"), "127.0.0.1", 0, 0,
        NearlineFixture.fastSettings()));
    for (Role role : Role.values()) {
      tokens.put(role, server.credentials().createToken("test-" + role.label(), role).token()
          .reveal());
    }
    reader = server.credentials().issueLogReader("standby of db1", "db1", 7L).reveal();
    otherReader = server.credentials().issueLogReader("standby of db2", "db2", 8L).reveal();
  }

  /** Runs SQL on the catalog of the server, which runs in this JVM. */
  private static void catalog(String sql) throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:derby:"
        + dir.resolve("nearline/catalog"))) {
      c.createStatement().executeUpdate(sql);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void shouldRefuseEveryRouteWithoutATokenAndWithOneAStepShortOfIt() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Endpoint e : server.endpoints()) {
      Access access = Routes.access(e);
      String path = e.path.replace("{name}", "db1").replace("{server}", "db1")
          .replace("{id}", "1")
          .replace("{drill}", "1").replace("{snapshot}", "1")
          .replace("{policy}", "db1-failover")
          .replace("{file}", "000000010000000000000001");
      String method = e.method.name();
      boolean page = e.metadata(Routes.Page.class) != null;
      if (page && access instanceof Access.Anyone) {
        continue; // the console's way in: sign-in and the one-time setup
      }
      HttpResponse<String> none = send(method, path, null);
      if (page && method.equals("GET")) { // a person is sent to sign in, and brought back
        assertEquals(303, none.statusCode(), method + " " + path + " without a session");
        assertTrue(none.headers().firstValue("Location").orElse("").startsWith(
            "/sign-in?next="), path);
      } else if (page) {
        assertEquals(401, none.statusCode(), method + " " + path + " without a session");
      } else {
        assertEquals(401, none.statusCode(), method + " " + path + " without a token");
        assertEquals("authentication required: send a valid token as 'Authorization: "
            + "Bearer <token>'", Json.MAPPER.readTree(none.body()).path("error").asText(),
            "says nothing of what exists: " + method + " " + path);
      }
      assertEquals(401, send(method, path, "nl_notAToken").statusCode(), method + " " + path);
      for (String shortOfIt : shortOf(access)) {
        HttpResponse<String> r = send(method, path, shortOfIt);
        assertEquals(403, r.statusCode(), method + " " + path + ": " + r.body());
      }
      checked.add(method + " " + path);
    }
    assertTrue(checked.size() >= 25, "routes checked: " + checked);
    assertTrue(checked.contains("POST /api/policies/db1/failover"), checked.toString());
  }

  /** Credentials one step short of what {@code access} needs. */
  private static List<String> shortOf(Access access) {
    if (access instanceof Access.AtLeast a) {
      Role below = a.role().below();
      return List.of(below == null ? reader : tokens.get(below));
    }
    return List.of(tokens.get(Role.ADMIN), otherReader); // log routes: only db1's own reader
  }

  @Test
  void shouldLetAViewerReadButNotFailOver() throws Exception {
    String viewer = tokens.get(Role.VIEWER);
    assertEquals(200, send("GET", "/api/servers", viewer).statusCode());
    HttpResponse<String> failover = send("POST", "/api/policies/db1/failover", viewer);
    assertEquals(403, failover.statusCode());
    assertEquals("not permitted: this needs the operator role; token 'test-viewer' is viewer",
        Json.MAPPER.readTree(failover.body()).path("error").asText());
  }

  @Test
  void shouldLetALogReaderReadItsOwnServersLogOnly() throws Exception {
    // Admitted (404: db1 is not protected here) where a token of any role is refused.
    assertEquals(404, send("GET", "/api/servers/db1/wal/000000010000000000000001", reader)
        .statusCode());
    assertEquals(403, send("GET", "/api/servers/db2/wal/000000010000000000000001", reader)
        .statusCode());
    assertEquals(403, send("GET", "/api/servers", reader).statusCode(), "reads logs only");
    // One left over from a namesake: made before the server of that name was protected.
    String stale = server.credentials().issueLogReader("old db3", "db3", 5L).reveal();
    Thread.sleep(5);
    catalog("INSERT INTO protected_server (name, kind, share_url, share_user, share_secret, "
        + "system_identifier, segment_size, app_version, created_at) VALUES ('db3', "
        + "'postgresql', 'smb://h/s/', 'u', 'x', '1', 16777216, '15', CURRENT_TIMESTAMP)");
    try {
      assertEquals(401, send("GET", "/api/servers/db3/wal/000000010000000000000001", stale)
          .statusCode(), "made before its server was protected");
    } finally {
      catalog("DELETE FROM protected_server WHERE name = 'db3'");
    }
    String ofRun9 = server.credentials().issueLogReader("run 9", "db1", 9L).reveal();
    assertEquals(404, send("GET", "/api/servers/db1/wal/000000010000000000000001", ofRun9)
        .statusCode());
    server.credentials().revokeRun(9L);
    assertEquals(401, send("GET", "/api/servers/db1/wal/000000010000000000000001", ofRun9)
        .statusCode(), "revoked with its run");
  }

  @Test
  void shouldWriteTheFirstAdminTokenForTheServersAccountOnly() throws Exception {
    Path file = dir.resolve("nearline/admin.token");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(200, send("GET", "/api/tokens", Files.readString(file).strip()).statusCode());
  }

  @Test
  void shouldMakeListAndRevokeTokensFromTheCommandLine() throws Exception {
    Path adminFile = dir.resolve("nearline/admin.token");
    CliRun made = cli(adminFile, "token", "create", "alice", "--role", "operator");
    assertEquals(0, made.exitCode(), made.err());
    String alice = made.out().strip();
    assertTrue(alice.startsWith("nl_") && made.err().contains("not kept"), made.out());
    assertFalse(made.err().contains(alice), "the secret is printed once, on stdout");
    assertTrue(cli(adminFile, "token", "list").out().contains("alice"), "listed");
    assertFalse(cli(adminFile, "token", "list").out().contains(alice), "never its secret");

    Path aliceFile = dir.resolve("alice.token");
    Files.writeString(aliceFile, alice + "\n");
    Files.setPosixFilePermissions(aliceFile, PosixFilePermissions.fromString("rw-r--r--"));
    CliRun exposed = cli(aliceFile, "list");
    assertEquals(1, exposed.exitCode());
    assertTrue(exposed.err().contains("chmod 600 " + aliceFile), exposed.err());
    Files.setPosixFilePermissions(aliceFile, PosixFilePermissions.fromString("rw-------"));
    assertEquals(0, cli(aliceFile, "list").exitCode());
    CliRun notAdmin = cli(aliceFile, "token", "create", "mallory", "--role", "admin");
    assertTrue(notAdmin.err().contains("needs the admin role"), notAdmin.err());

    assertEquals(0, cli(adminFile, "token", "revoke", "alice").exitCode());
    CliRun revoked = cli(aliceFile, "list");
    assertEquals(1, revoked.exitCode());
    assertTrue(revoked.err().contains("not valid"), revoked.err());
  }

  @Test
  void shouldKeepMetricsClosedUnlessOpenedOnPurpose() throws Exception {
    assertEquals(401, send("GET", "/metrics", null).statusCode());
    try (NearlineServer open = NearlineServer.start(new ServerConfig(dir.resolve("open"),
        "127.0.0.1", 0, 0, NearlineFixture.fastSettings(), NearlineFixture.fastSurrogates(),
        new ApiSecurity(true, false, null, null)))) {
      HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + open.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, scraped.statusCode());
      assertTrue(scraped.body().contains("jvm_memory"), "meters, without a token");
    }
  }

  @Test
  void shouldRecordActionsAndRefusalsWithWhoWhereAndWhatSecretsMasked() throws Exception {
    String admin = tokens.get(Role.ADMIN);
    HttpResponse<String> protect = send("POST", "/api/servers", admin, "{\"name\": \"db9\", "
        + "\"kind\": \"postgresql\", \"share\": \"smb://127.0.0.1:1/none/\", \"user\": \"u\", "
        + "\"password\": \"Very-Secret-9\", \"primary\": \"host=127.0.0.1 port=1 "
        + "password='Also Secret'\"}");
    assertTrue(protect.statusCode() >= 400, "nothing answers there: " + protect.body());
    send("POST", "/api/policies/db1/failover", tokens.get(Role.VIEWER));
    send("DELETE", "/api/servers/db1", null);

    CliRun json = cli(dir.resolve("nearline/admin.token"), "audit", "--json");
    assertEquals(0, json.exitCode(), json.err());
    var entries = Json.MAPPER.readTree(json.out());
    var attempt = find(entries, "POST /api/servers", "test-admin");
    assertEquals("127.0.0.1", attempt.path("address").asText());
    assertEquals(protect.statusCode(), attempt.path("status").asInt());
    var request = Json.MAPPER.readTree(attempt.path("detail").asText()).path("request");
    assertEquals("db9", request.path("name").asText());
    assertEquals("********", request.path("password").asText());
    assertFalse(json.out().contains("Very-Secret-9"), "the password is never written");
    assertEquals("host=127.0.0.1 port=1 password=********", request.path("primary").asText(),
        "nor one inside a connection string");
    assertEquals(403, find(entries, "POST /api/policies/db1/failover", "test-viewer")
        .path("status").asInt());
    var anonymous = find(entries, "DELETE /api/servers/db1", "(none)");
    assertEquals(401, anonymous.path("status").asInt());
    assertTrue(Json.MAPPER.readTree(anonymous.path("detail").asText()).path("request").isNull(),
        "nothing sent without a valid token is kept");
    assertTrue(cli(dir.resolve("nearline/admin.token"), "audit").out()
        .contains("test-viewer"), "one line per entry");
  }

  @Test
  void shouldFindAnAuditEntryEditedInTheCatalogDirectly() throws Exception {
    Path admin = dir.resolve("nearline/admin.token");
    send("POST", "/api/servers/db1/pause", tokens.get(Role.OPERATOR));
    CliRun intact = cli(admin, "audit", "verify");
    assertEquals(0, intact.exitCode(), intact.out() + intact.err());
    assertTrue(intact.out().startsWith("audit log intact: "), intact.out());

    catalog("UPDATE audit_entry SET actor = 'someone-else' "
        + "WHERE id = (SELECT MIN(id) FROM audit_entry)");
    CliRun broken = cli(admin, "audit", "verify");
    assertEquals(1, broken.exitCode());
    assertTrue(broken.out().contains("was changed after it was written"), broken.out());
  }

  /** The newest entry of this action by this actor. */
  private static JsonNode find(JsonNode entries, String action, String actor) {
    JsonNode found = null;
    for (JsonNode e : entries) {
      if (e.path("action").asText().equals(action) && e.path("actor").asText().equals(actor)) {
        found = e;
      }
    }
    assertNotNull(found, "no audit entry for " + action + " by " + actor + " in " + entries);
    return found;
  }

  private static CliRun cli(Path tokenFile, String... args) {
    return CliRun.against("http://127.0.0.1:" + server.port(), tokenFile, null, args);
  }

  private static HttpResponse<String> send(String method, String path, String token)
      throws Exception {
    return send(method, path, token, null);
  }

  private static HttpResponse<String> send(String method, String path, String token,
      String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.port() + path)).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

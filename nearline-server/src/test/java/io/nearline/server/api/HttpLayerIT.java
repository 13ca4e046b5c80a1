package io.nearline.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.router.Endpoint;
import io.nearline.common.json.Json;
import io.nearline.server.NearlineFixture;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP layer: one server for the API, pages and assets, described by its own routes. */
class HttpLayerIT {
  @TempDir static Path dir;
  static NearlineServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = NearlineServer.start(new ServerConfig(dir, "127.0.0.1", 0, 0,
        NearlineFixture.fastSettings()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String admin() throws java.io.IOException {
    return java.nio.file.Files.readString(dir.resolve("admin.token")).strip();
  }

  /** A request as the first admin. */
  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + path)).header("Authorization", "Bearer " + admin()).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldDescribeExactlyTheRoutesTheRouterHas() throws Exception {
    Set<String> routed = new TreeSet<>();
    for (Endpoint e : server.endpoints()) {
      boolean page = e.metadata(Routes.Page.class) != null;
      assertTrue(page || e.metadata(RouteDoc.class) != null, "a route neither described nor a "
          + "page: " + e.method + " " + e.path);
      if (!page) {
        routed.add(e.method.name() + " " + e.path);
      }
    }
    JsonNode description = Json.MAPPER.readTree(send("GET", "/api/openapi.json", null).body());
    Set<String> described = new TreeSet<>();
    for (Iterator<String> paths = description.path("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      description.path("paths").path(path).fieldNames().forEachRemaining(
          method -> described.add(method.toUpperCase() + " " + path));
    }
    assertEquals(routed, described);
    assertTrue(described.contains("POST /api/servers"), described.toString());
    JsonNode protect = description.at("/components/schemas/ProtectRequest/properties/share");
    assertTrue(protect.path("description").asText().startsWith("The folder the primary"),
        "field descriptions come from the types: " + protect);
  }

  @Test
  void shouldAnswerAsDescribedOnEveryRouteThatNeedsNoArguments() throws Exception {
    // With nothing protected yet; FailoverIT checks the same with servers, pairs and runs.
    int checked = DescribedAnswers.check("http://127.0.0.1:" + server.port(), admin(),
        Map.of());
    assertTrue(checked >= 5, "routes answered: " + checked);
  }

  @Test
  void shouldRefuseAnUnknownFieldOnEveryRouteThatTakesABody() throws Exception {
    JsonNode paths = Json.MAPPER.readTree(send("GET", "/api/openapi.json", null).body())
        .path("paths");
    int checked = 0;
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      if (paths.path(path).path("post").has("requestBody")) {
        HttpResponse<String> r = send("POST", path.replace("{id}", "1")
            .replace("{snapshot}", "1").replace("{name}", "db1").replace("{server}", "db1")
            .replace("{policy}", "db1"), "{\"noSuchField\": true}");
        assertEquals(400, r.statusCode(), path + ": " + r.body());
        assertTrue(Json.MAPPER.readTree(r.body()).path("fields").has("noSuchField"),
            path + " names the unknown field: " + r.body());
        checked++;
      }
    }
    assertTrue(checked >= 6, "routes with a body: " + checked);
  }

  @Test
  void shouldNameAMisspeltFieldOfAProtectRequest() throws Exception {
    HttpResponse<String> r = send("POST", "/api/servers", "{\"name\": \"db1\", \"kind\": "
        + "\"postgresql\", \"share\": \"smb://h/s/\", \"user\": \"u\", \"password\": \"p\", "
        + "\"primary\": \"host=h\", \"surogate\": false}");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(Json.MAPPER.readTree(r.body()).at("/fields/surogate").asText()
        .startsWith("is not a field of ProtectRequest"), r.body());
  }

  @Test
  void shouldServeTheConsolesPagesAndAssetsFromTheSameServer() throws Exception {
    HttpResponse<String> page = send("GET", "/", null);
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(page.body().contains("No protected servers yet"), page.body());
    HttpResponse<String> css = send("GET", "/assets/nearline.css", null);
    assertEquals(200, css.statusCode());
    assertTrue(css.body().contains("--ok"), "the stylesheet from the console's jar");
  }

  @Test
  void shouldAnswerUnknownRoutesAndMethodsWithJsonErrors() throws Exception {
    HttpResponse<String> missing = send("GET", "/api/nothing-here", null);
    assertEquals(404, missing.statusCode());
    assertTrue(Json.MAPPER.readTree(missing.body()).path("error").asText()
        .contains("/api/nothing-here"), missing.body());
    HttpResponse<String> wrong = send("PUT", "/api/servers", "{}");
    assertEquals(405, wrong.statusCode(), wrong.body());
    HttpResponse<String> unknown = send("GET", "/api/servers/db9", null);
    assertEquals(404, unknown.statusCode());
    assertEquals("no protected server named 'db9'",
        Json.MAPPER.readTree(unknown.body()).path("error").asText());
  }
}

package io.nearline.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;

/**
 * Calls every GET route of a running server whose arguments are known and checks each answer
 * against the server's own description of it ({@code /api/openapi.json}), all the way down:
 * its status, and every value's type, with no field the description lacks.
 */
public final class DescribedAnswers {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final JsonNode description;

  private DescribedAnswers(JsonNode description) {
    this.description = description;
  }

  /**
   * @param token an admin's
   * @param arguments values for the routes' path parameters, such as {@code name}; a route
   *     with another parameter is left out
   * @return how many routes were called
   */
  public static int check(String url, String token, Map<String, String> arguments)
      throws Exception {
    DescribedAnswers answers = new DescribedAnswers(Json.MAPPER.readTree(
        get(url + "/api/openapi.json", token).body()));
    int checked = 0;
    JsonNode paths = answers.description.path("paths");
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      JsonNode get = paths.path(path).path("get");
      String called = path;
      for (Map.Entry<String, String> a : arguments.entrySet()) {
        called = called.replace("{" + a.getKey() + "}", a.getValue());
      }
      if (get.isMissingNode() || called.contains("{") || path.equals("/api/openapi.json")) {
        continue;
      }
      HttpResponse<String> r = get(url + called, token);
      String status = get.path("responses").fieldNames().next(); // the success, then "default"
      assertEquals(status, String.valueOf(r.statusCode()), called + ": " + r.body());
      JsonNode schema = get.at("/responses/" + status + "/content/application~1json/schema");
      if (!schema.isMissingNode()) {
        answers.assertMatches(schema, Json.MAPPER.readTree(r.body()), called);
      }
      checked++;
    }
    return checked;
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void assertMatches(JsonNode described, JsonNode value, String where) {
    JsonNode schema = described.has("$ref")
        ? description.at(described.path("$ref").asText().substring(1)) : described;
    if (value.isNull()) {
      return;
    }
    switch (schema.path("type").asText()) {
      case "array" -> {
        assertTrue(value.isArray(), where + " is an array: " + value);
        for (int i = 0; i < value.size(); i++) {
          assertMatches(schema.path("items"), value.get(i), where + "[" + i + "]");
        }
      }
      case "object" -> assertObject(schema, value, where);
      case "string" -> assertTrue(value.isTextual(), where + " is a string: " + value);
      case "integer" -> assertTrue(value.isIntegralNumber(), where + " is an integer: " + value);
      case "number" -> assertTrue(value.isNumber(), where + " is a number: " + value);
      case "boolean" -> assertTrue(value.isBoolean(), where + " is a boolean: " + value);
      default -> { } // anything
    }
  }

  private void assertObject(JsonNode schema, JsonNode value, String where) {
    assertTrue(value.isObject(), where + " is an object: " + value);
    JsonNode properties = schema.path("properties");
    JsonNode others = schema.path("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String at = where + "." + field.getKey();
      if (properties.has(field.getKey())) {
        assertMatches(properties.path(field.getKey()), field.getValue(), at);
      } else if (others.isObject()) {
        assertMatches(others, field.getValue(), at);
      } else {
        assertTrue(others.asBoolean(), at + " is answered, but its description lacks it");
      }
    }
  }
}

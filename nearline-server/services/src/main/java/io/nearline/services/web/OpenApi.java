package io.nearline.services.web;

import io.javalin.router.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's description in OpenAPI 3, made from the server's own routes and the
 * {@link RouteDoc} each carries. Pages and assets are not part of it.
 */
public final class OpenApi {
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

  private OpenApi() {}

  public static Map<String, Object> describe(List<Endpoint> endpoints, String version) {
    Schemas schemas = new Schemas();
    Map<String, Map<String, Object>> paths = new TreeMap<>();
    for (Endpoint e : endpoints) {
      RouteDoc doc = e.metadata(RouteDoc.class);
      if (doc != null) {
        paths.computeIfAbsent(e.path, p -> new TreeMap<>())
            .put(e.method.name().toLowerCase(Locale.ROOT), operation(e.path, doc, schemas));
      }
    }
    return Map.of("openapi", "3.0.3",
        "info", Map.of("title", "Nearline", "version", version),
        "paths", paths,
        "components", Map.of("schemas", schemas.components(), "securitySchemes",
            Map.of("token", Map.of("type", "http", "scheme", "bearer"))));
  }

  /** Who may call a route, for people reading the description. */
  private static String who(Access access) {
    if (access instanceof Access.AtLeast a) {
      return a.role().label() + (a.role() == Role.ADMIN ? "" : " and up");
    }
    return access instanceof Access.LogReader
        ? "a credential made for this server's standby or surrogate" : "anyone";
  }

  private static Map<String, Object> operation(String path, RouteDoc doc, Schemas schemas) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("summary", doc.summary());
    op.put("x-access", who(doc.access()));
    if (!(doc.access() instanceof Access.Anyone)) {
      op.put("security", List.of(Map.of("token", List.of())));
    }
    List<Map<String, Object>> parameters = new ArrayList<>();
    Matcher m = PARAMETER.matcher(path);
    while (m.find()) {
      parameters.add(Map.of("name", m.group(1), "in", "path", "required", true,
          "schema", Map.of("type", "string")));
    }
    doc.query().forEach((name, meaning) -> parameters.add(Map.of("name", name, "in", "query",
        "description", meaning, "schema", Map.of("type", "string"))));
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    if (doc.body() != null) {
      op.put("requestBody", Map.of("required", true, "content",
          Map.of("application/json", Map.of("schema", schemas.of(doc.body())))));
    }
    Map<String, Object> ok = new LinkedHashMap<>(Map.of("description", doc.summary()));
    if (doc.response() != null) {
      Map<String, Object> schema = schemas.of(doc.response());
      ok.put("content", Map.of(doc.contentType(), Map.of("schema", doc.list()
          ? Map.of("type", "array", "items", schema) : schema)));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put(String.valueOf(doc.status()), ok);
    responses.put("default", Map.of("description", "refused: {\"error\": what is wrong, "
        + "\"fields\": field by field}; 401 without a valid token, 403 without the right role"));
    op.put("responses", responses);
    return op;
  }
}

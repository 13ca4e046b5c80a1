package io.nearline.services.web;

import io.javalin.router.EndpointMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an API route takes and answers, kept on the route itself: the API's description
 * ({@code /api/openapi.json}) is made from the router's own routes, so it cannot leave one out.
 *
 * @param summary one line for people
 * @param body the request body's type, or null for none
 * @param response the response's type (or of its elements, for a list), or null for none
 * @param list whether the response is a list of {@code response}
 * @param status the status of a successful answer
 * @param contentType the response's content type
 * @param query query parameters and what they mean
 */
public record RouteDoc(String summary, Class<?> body, Class<?> response, boolean list,
    int status, String contentType, Map<String, String> query) implements EndpointMetadata {

  public RouteDoc {
    query = Map.copyOf(query);
  }

  /** A route answering 200 with no body yet described. */
  public static RouteDoc of(String summary) {
    return new RouteDoc(summary, null, null, false, 200, "application/json", Map.of());
  }

  public RouteDoc takes(Class<?> body) {
    return new RouteDoc(summary, body, response, list, status, contentType, query);
  }

  public RouteDoc answers(Class<?> response) {
    return new RouteDoc(summary, body, response, false, status, contentType, query);
  }

  public RouteDoc answersListOf(Class<?> response) {
    return new RouteDoc(summary, body, response, true, status, contentType, query);
  }

  public RouteDoc status(int status) {
    return new RouteDoc(summary, body, response, list, status, contentType, query);
  }

  /** A response that is not JSON: text, or bytes. */
  public RouteDoc contentType(String contentType) {
    return new RouteDoc(summary, body, response, list, status, contentType, query);
  }

  public RouteDoc query(String name, String meaning) {
    Map<String, String> more = new LinkedHashMap<>(query);
    more.put(name, meaning);
    return new RouteDoc(summary, body, response, list, status, contentType, more);
  }
}

package io.nearline.services.web;

import io.javalin.router.EndpointMetadata;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

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
 * @param access who may call it
 * @param subject reads what the route changes, before and after a call, for the audit log;
 *     null when its answer says it all
 */
public record RouteDoc(String summary, Class<?> body, Class<?> response, boolean list,
    int status, String contentType, Map<String, String> query, Access access,
    Function<Context, Object> subject) implements EndpointMetadata {

  public RouteDoc {
    query = Map.copyOf(query);
    java.util.Objects.requireNonNull(access, "every route says who may call it");
  }

  /** A route that reads, for viewers and up, answering 200 with no body yet described. */
  public static RouteDoc viewer(String summary) {
    return of(summary, Access.VIEWER);
  }

  /** A route that acts on what is protected, for operators and admins. */
  public static RouteDoc operator(String summary) {
    return of(summary, Access.OPERATOR);
  }

  /** A route that changes what is protected or who may do what, for admins only. */
  public static RouteDoc admin(String summary) {
    return of(summary, Access.ADMIN);
  }

  /** A route only a credential for the protected server in its path may call. */
  public static RouteDoc logReader(String summary) {
    return of(summary, Access.LOG_READER);
  }

  public static RouteDoc of(String summary, Access access) {
    return new RouteDoc(summary, null, null, false, 200, "application/json", Map.of(), access,
        null);
  }

  public RouteDoc takes(Class<?> body) {
    return new RouteDoc(summary, body, response, list, status, contentType, query,
        access, subject);
  }

  public RouteDoc answers(Class<?> response) {
    return new RouteDoc(summary, body, response, false, status, contentType, query,
        access, subject);
  }

  public RouteDoc answersListOf(Class<?> response) {
    return new RouteDoc(summary, body, response, true, status, contentType, query,
        access, subject);
  }

  public RouteDoc status(int status) {
    return new RouteDoc(summary, body, response, list, status, contentType, query,
        access, subject);
  }

  /** A response that is not JSON: text, or bytes. */
  public RouteDoc contentType(String contentType) {
    return new RouteDoc(summary, body, response, list, status, contentType, query,
        access, subject);
  }

  /** What the route changes, read before and after each call for the audit log. */
  public RouteDoc audits(Function<Context, Object> subject) {
    return new RouteDoc(summary, body, response, list, status, contentType, query, access,
        subject);
  }

  public RouteDoc query(String name, String meaning) {
    Map<String, String> more = new LinkedHashMap<>(query);
    more.put(name, meaning);
    return new RouteDoc(summary, body, response, list, status, contentType, more,
        access, subject);
  }
}

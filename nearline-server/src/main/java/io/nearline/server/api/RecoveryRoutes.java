package io.nearline.server.api;

import com.sun.net.httpserver.HttpExchange;
import io.nearline.recovery.InvalidPolicyException;
import io.nearline.recovery.RecoveryJson;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.server.collect.NearlineException;
import io.nearline.server.recovery.RecoveryService;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recovery part of the API.
 * <pre>
 *   GET  /api/pairs                     recovery pairs
 *   POST /api/pairs                     check the standby, save the pair if it passes (422 if not)
 *   POST /api/pairs/{name}/check        the standby check report
 *   GET  /api/policies                  recovery policies
 *   POST /api/policies                  save a policy
 *   GET  /api/policies/export           a policy file: every pair and policy
 *   POST /api/policies/import           load a policy file
 *   POST /api/policies/{name}/failover  start a failover (202), or plan one with ?dryRun=true
 *   POST /api/policies/{name}/failback  fail back its last failover (202), or ?dryRun=true
 *   GET  /api/runs, /api/runs/{id}      runs, and one run's journal
 *   GET  /api/servers/{name}/tags           its tagged recovery points
 *   POST /api/servers/{name}/tags           tag {"tag": …} now (a restore point on the primary),
 *                                           or a known {"position": …}
 *   POST /api/runs/{id}/retry|skip|rollback   act on a failed run; skip takes {"reason": …}
 * </pre>
 */
final class RecoveryRoutes {
  private static final Pattern PAIR_CHECK = Pattern.compile("/api/pairs/([^/]+)/check");
  private static final Pattern POLICY_RUN = Pattern.compile(
      "/api/policies/([^/]+)/(failover|failback)");
  private static final Pattern TAGS = Pattern.compile("/api/servers/([^/]+)/tags");
  private static final Pattern RUN = Pattern.compile("/api/runs/(\\d+)(/(retry|skip|rollback))?");

  private final RecoveryService recovery;

  RecoveryRoutes(RecoveryService recovery) {
    this.recovery = recovery;
  }

  static boolean handles(String path) {
    return path.startsWith("/api/pairs") || path.startsWith("/api/policies")
        || path.startsWith("/api/runs") || TAGS.matcher(path).matches();
  }

  void route(HttpExchange x, String method, String path) throws Exception {
    switch (method + " " + path) {
      case "GET /api/pairs" -> ApiServer.send(x, 200, recovery.pairs());
      case "POST /api/pairs" -> ApiServer.send(x, 201, recovery.addPair(read(x,
          RecoveryPair.class)));
      case "GET /api/policies" -> ApiServer.send(x, 200, recovery.policies());
      case "POST /api/policies" -> ApiServer.send(x, 201, recovery.savePolicy(read(x,
          RecoveryPolicy.class)));
      case "GET /api/policies/export" -> ApiServer.send(x, 200, recovery.export());
      case "POST /api/policies/import" -> ApiServer.send(x, 200, recovery.importFile(
          new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      case "GET /api/runs" -> ApiServer.send(x, 200, recovery.runs());
      default -> routeNamed(x, method, path);
    }
  }

  private void routeNamed(HttpExchange x, String method, String path) throws Exception {
    Matcher check = PAIR_CHECK.matcher(path);
    if (check.matches() && method.equals("POST")) {
      ApiServer.send(x, 200, recovery.checkPair(check.group(1)));
      return;
    }
    Matcher policyRun = POLICY_RUN.matcher(path);
    if (policyRun.matches() && method.equals("POST")) {
      boolean dry = "dryRun=true".equals(x.getRequestURI().getQuery());
      ApiServer.send(x, dry ? 200 : 202, recovery.start(policyRun.group(1), policyRun.group(2),
          dry));
      return;
    }
    Matcher tags = TAGS.matcher(path);
    if (tags.matches()) {
      String server = tags.group(1);
      switch (method) {
        case "GET" -> ApiServer.send(x, 200, recovery.tags().list(server));
        case "POST" -> {
          Map<?, ?> args = Json.MAPPER.readValue(x.getRequestBody(), Map.class);
          ApiServer.send(x, 201, recovery.tags().add(server, text(args.get("tag")),
              text(args.get("position"))));
        }
        default -> throw ApiServer.methodNotAllowed(method, path);
      }
      return;
    }
    Matcher run = RUN.matcher(path);
    if (run.matches()) {
      long id = Long.parseLong(run.group(1));
      if (run.group(3) == null && method.equals("GET")) {
        ApiServer.send(x, 200, recovery.run(id));
        return;
      }
      if (run.group(3) != null && method.equals("POST")) {
        byte[] body = x.getRequestBody().readAllBytes();
        Map<?, ?> args = body.length == 0 ? Map.of() : Json.MAPPER.readValue(body, Map.class);
        ApiServer.send(x, 202, recovery.act(id, run.group(3), text(args.get("reason"))));
        return;
      }
    }
    throw new NearlineException(404, "no such resource: " + method + " " + path);
  }

  private static <T> T read(HttpExchange x, Class<T> type) throws Exception {
    try {
      return RecoveryJson.read(new String(x.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8), type);
    } catch (InvalidPolicyException e) {
      throw new NearlineException(400, e.getMessage());
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}

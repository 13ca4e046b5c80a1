package io.nearline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.collect.NearlineException;
import io.nearline.server.collect.ProtectRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes:
 * <pre>
 *   GET    /api/health
 *   GET    /api/servers                    status of every protected server
 *   POST   /api/servers                    protect a server (ProtectRequest as JSON)
 *   GET    /api/servers/{name}             status of one
 *   GET    /api/servers/{name}/events      its recent events
 *   POST   /api/servers/{name}/pause       stop collecting
 *   POST   /api/servers/{name}/resume      collect again (also after a permanent failure)
 *   DELETE /api/servers/{name}             stop protecting and delete its stored log
 *   GET    /api/servers/{name}/wal/{file}  a collected file, decompressed and verified (404:
 *                                          not collected; 500: damaged in the store)
 *   POST   /api/servers/{name}/wal/{file}/stage  put it, verified, into the surrogate's spool
 *                                          and stage what follows (404: not collected)
 *   GET    /metrics                        Prometheus text format
 * </pre>
 * Errors are {@code {"error": "...", "fields": {...}}} with a 4xx or 5xx status.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final Pattern SERVER = Pattern.compile("/api/servers/([^/]+)(/(events|pause|resume))?");
  private static final Pattern WAL = Pattern.compile("/api/servers/([^/]+)/wal/([^/]+)");
  private static final Pattern STAGE = Pattern.compile("/api/servers/([^/]+)/wal/([^/]+)/stage");

  private final HttpServer http;
  private final CollectionService collection;
  private final PrometheusMeterRegistry metrics;
  private volatile RecoveryRoutes recovery;

  public ApiServer(InetSocketAddress address, CollectionService collection,
      PrometheusMeterRegistry metrics) throws IOException {
    this.collection = collection;
    this.metrics = metrics;
    this.http = HttpServer.create(address, 64);
    http.createContext("/", this::handle);
    http.setExecutor(Executors.newFixedThreadPool(4));
  }

  public void start() {
    http.start();
  }

  /** Adds the recovery routes once the recovery service is up (it starts after the API). */
  public void setRecovery(io.nearline.server.recovery.RecoveryService service) {
    this.recovery = new RecoveryRoutes(service);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        route(exchange);
      } catch (NearlineException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        if (!e.fields().isEmpty()) {
          body.put("fields", e.fields());
        }
        send(exchange, e.status(), body);
      } catch (JsonProcessingException e) {
        send(exchange, 400, Map.of("error", "request body is not valid JSON: "
            + e.getOriginalMessage()));
      } catch (Exception e) {
        log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        send(exchange, 500, Map.of("error", "internal error: " + e));
      }
    }
  }

  private void route(HttpExchange x) throws Exception {
    String method = x.getRequestMethod();
    String path = x.getRequestURI().getPath().replaceAll("/+$", "");
    if (path.equals("/metrics") && method.equals("GET")) {
      byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      x.sendResponseHeaders(200, text.length);
      x.getResponseBody().write(text);
      return;
    }
    if (path.equals("/api/health") && method.equals("GET")) {
      send(x, 200, Map.of("status", "up"));
      return;
    }
    if (RecoveryRoutes.handles(path)) {
      if (recovery == null) {
        throw new NearlineException(503, "recovery is starting; try again in a moment");
      }
      recovery.route(x, method, path);
      return;
    }
    if (path.equals("/api/servers")) {
      switch (method) {
        case "GET" -> send(x, 200, collection.statuses());
        case "POST" -> send(x, 201, collection.protect(
            Json.MAPPER.readValue(x.getRequestBody(), ProtectRequest.class)));
        default -> throw methodNotAllowed(method, path);
      }
      return;
    }
    Matcher wal = WAL.matcher(path);
    if (wal.matches() && method.equals("GET")) {
      sendLogFile(x, wal.group(1), wal.group(2));
      return;
    }
    Matcher stage = STAGE.matcher(path);
    if (stage.matches() && method.equals("POST")) {
      try {
        boolean staged = collection.stageLogFile(stage.group(1), stage.group(2));
        x.sendResponseHeaders(staged ? 204 : 404, -1);
      } catch (io.nearline.shadow.store.CorruptStoredFileException e) {
        collection.reportDamagedFile(stage.group(1), stage.group(2), e.getMessage());
        throw new NearlineException(500, e.getMessage());
      }
      return;
    }
    Matcher m = SERVER.matcher(path);
    if (!m.matches()) {
      throw new NearlineException(404, "no such resource: " + path);
    }
    String name = m.group(1);
    String action = m.group(3);
    if (action == null) {
      switch (method) {
        case "GET" -> send(x, 200, collection.status(name));
        case "DELETE" -> {
          collection.remove(name);
          send(x, 200, Map.of("removed", name));
        }
        default -> throw methodNotAllowed(method, path);
      }
      return;
    }
    switch (method + " " + action) {
      case "GET events" -> send(x, 200, collection.events(name, 50));
      case "POST pause" -> send(x, 200, collection.pause(name));
      case "POST resume" -> send(x, 200, collection.resume(name));
      default -> throw methodNotAllowed(method, path);
    }
  }

  /** Serves a surrogate's restore step: quiet 404 when not collected, loud 500 when damaged. */
  private void sendLogFile(HttpExchange x, String server, String file) throws Exception {
    java.util.Optional<byte[]> content;
    try {
      content = collection.readLogFile(server, file);
    } catch (io.nearline.shadow.store.CorruptStoredFileException e) {
      collection.reportDamagedFile(server, file, e.getMessage());
      throw new NearlineException(500, e.getMessage());
    }
    if (content.isEmpty()) {
      x.sendResponseHeaders(404, -1);
      return;
    }
    x.getResponseHeaders().set("Content-Type", "application/octet-stream");
    x.sendResponseHeaders(200, content.get().length);
    x.getResponseBody().write(content.get());
  }

  static NearlineException methodNotAllowed(String method, String path) {
    return new NearlineException(405, method + " is not supported on " + path);
  }

  static void send(HttpExchange x, int status, Object body) throws IOException {
    byte[] json = Json.MAPPER.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, json.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(json);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
  }
}

package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.json.Json;
import io.nearline.common.secret.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/** Calls the server's REST API; turns its errors into exceptions with the server's words. */
public final class ApiClient {
  private final String base;
  private final Secret token;
  private final HttpClient http;

  /** @param token sent as {@code Authorization: Bearer}; null sends none */
  public ApiClient(String base, Secret token) {
    this(base, token, null);
  }

  /**
   * @param trusted the certificates (PEM) a server over TLS is verified by: its own, pinned, or
   *     the CA that issued it; null for the JDK's default CAs
   */
  public ApiClient(String base, Secret token, java.nio.file.Path trusted) {
    this.base = base.replaceAll("/+$", "");
    this.token = token;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (trusted != null) {
      http.sslContext(Trust.of(trusted));
    }
    this.http = http.build();
  }

  /** A client sending the token kept in {@code tokenFile}, which only its owner may read. */
  public static ApiClient withTokenFile(String base, java.nio.file.Path tokenFile) {
    return withTokenFile(base, tokenFile, null);
  }

  /** The same, verifying the server by {@code trusted} (see the constructor). */
  public static ApiClient withTokenFile(String base, java.nio.file.Path tokenFile,
      java.nio.file.Path trusted) {
    return new ApiClient(base, TokenSource.read(tokenFile), trusted);
  }

  public JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** A non-JSON resource, such as /metrics, as text. */
  public String getText(String path) {
    return new String(getBytes(path), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A non-JSON resource, such as a PDF report, as bytes. */
  public byte[] getBytes(String path) {
    try {
      HttpResponse<byte[]> r = http.send(authorized(HttpRequest.newBuilder(uri(path))).GET()
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() >= 400) {
        throw new ApiException(refusal(r.statusCode(), "HTTP " + r.statusCode()));
      }
      return r.body();
    } catch (IOException e) {
      throw new ApiException("talking to " + base + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted");
    }
  }

  public JsonNode post(String path, Object body) {
    try {
      return send(HttpRequest.newBuilder(uri(path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public JsonNode delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(authorized(request).timeout(Duration.ofMinutes(2)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new ApiException("cannot reach the Nearline server at " + base
          + ": is 'nearline server' running? (set --url or NEARLINE_URL)");
    } catch (javax.net.ssl.SSLHandshakeException e) {
      throw new ApiException("the server at " + base + " could not be verified: " + e.getMessage()
          + " (give its certificate, or its CA's, with --ca-file)");
    } catch (IOException e) {
      throw new ApiException("talking to " + base + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted");
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new ApiException("the server at " + base + " answered " + response.statusCode()
          + " with something that is not JSON");
    }
    if (response.statusCode() >= 400) {
      StringBuilder message = new StringBuilder(refusal(response.statusCode(),
          body.path("error").asText("HTTP " + response.statusCode())));
      for (Iterator<Map.Entry<String, JsonNode>> it = body.path("fields").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        message.append("\n  ").append(f.getKey()).append(": ").append(f.getValue().asText());
      }
      throw new ApiException(message.toString());
    }
    return body;
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return token == null ? request : request.header("Authorization", "Bearer " + token.reveal());
  }

  /** The server's words, and for 401 where a token is looked for. */
  private String refusal(int status, String error) {
    if (status != 401) {
      return error;
    }
    return error + (token == null ? "\n  no token given: use --token-file FILE, $NEARLINE_TOKEN "
        + "or ~/.config/nearline/token (at first start the server writes an admin token to "
        + "admin.token in its data directory)" : "\n  the token given is not valid (revoked?)");
  }

  /** The server refused or could not be reached; the message is for the operator. */
  public static final class ApiException extends RuntimeException {
    public ApiException(String message) {
      super(message);
    }
  }
}

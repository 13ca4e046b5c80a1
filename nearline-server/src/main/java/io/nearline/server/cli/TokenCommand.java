package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nearline token create|list|revoke}: who may call the API. */
@Command(name = "token", description = "Make, list and revoke API tokens (admin).")
final class TokenCommand {
  @ParentCommand Main main;

  @Command(name = "create", description = "Make a token and print its secret: the only time "
      + "it is shown. Keep it in a file only you can read (chmod 600).")
  int create(
      @Parameters(paramLabel = "NAME", description = "Who or what will use it; the audit log "
          + "shows this name.") String name,
      @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer "
          + "(reads), operator (also pauses, resumes, fails over and back) or admin (also "
          + "protects, removes, and manages pairs, policies and tokens).") String role) {
    JsonNode t = main.client().post("/api/tokens", Map.of("name", name, "role", role));
    System.out.println(t.path("token").asText());
    System.err.println("token '" + name + "' (" + t.path("role").asText() + ") made; its "
        + "secret, above, is not kept anywhere: store it now");
    return 0;
  }

  @Command(name = "list", description = "List live tokens (never their secrets).")
  int list() {
    for (JsonNode t : main.client().get("/api/tokens")) {
      System.out.printf("%-24s %-9s %s%n", t.path("name").asText(), t.path("role").asText(),
          t.path("createdAt").asText());
    }
    return 0;
  }

  @Command(name = "revoke", description = "Revoke a token: its next call is refused.")
  int revoke(@Parameters(paramLabel = "NAME", description = "The token's name.") String name) {
    main.client().delete("/api/tokens/" + java.net.URLEncoder.encode(name,
        java.nio.charset.StandardCharsets.UTF_8));
    System.out.println(name + ": revoked");
    return 0;
  }
}

package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code nearline audit [--since T] [--json]} and {@code nearline audit verify} (admin). */
@Command(name = "audit", description = "Read the audit log: who did what, when, from where, "
    + "and what was refused (admin).")
final class AuditCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--since", paramLabel = "INSTANT",
      description = "Entries at or after this ISO-8601 instant, such as 2026-12-01T00:00:00Z.")
  String since;

  @Option(names = "--json", description = "The entries as JSON, with their hashes.")
  boolean json;

  @Override
  public Integer call() {
    String query = since == null ? ""
        : "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
    JsonNode entries = main.client().get("/api/audit" + query);
    if (json) {
      System.out.println(entries.toPrettyString());
      return 0;
    }
    for (JsonNode e : entries) {
      System.out.printf("%s %-20s %-15s %d %s%n", e.path("at").asText(), e.path("actor").asText(),
          e.path("address").asText(), e.path("status").asInt(), e.path("action").asText());
    }
    return 0;
  }

  @Command(name = "verify", description = "Recompute every entry's hash; exit 1 if an entry "
      + "was changed, removed or inserted in the catalog directly.")
  int verify() {
    JsonNode v = main.client().get("/api/audit/verify");
    if (v.path("intact").asBoolean()) {
      System.out.println("audit log intact: " + v.path("entries").asLong() + " entries");
      return 0;
    }
    System.out.println("audit log BROKEN: " + v.path("broken").asText());
    return 1;
  }
}

package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code nearline baseline}: the kept baselines that points are opened from. */
@Command(name = "baseline", description = "Kept baselines: full copies that snapshots, "
    + "restores and surrogates start from.")
final class BaselineCommand {
  @ParentCommand Main main;

  @Command(name = "list", description = "A server's kept baselines, newest first.")
  int list(@Parameters(paramLabel = "SERVER") String server) {
    JsonNode all = main.client().get("/api/servers/" + server + "/baselines");
    System.out.printf("%5s %-9s %-14s %-14s %9s %-9s  %s%n", "ID", "FROM", "START", "END",
        "MIB", "PUBLISHED", "ENDED");
    for (JsonNode b : all) {
      System.out.printf("%5s %-9s %-14s %-14s %9d %-9s  %s%n", b.path("id").asText(),
          b.path("takenFrom").asText().toLowerCase(java.util.Locale.ROOT),
          b.path("start").asText(), b.path("end").asText(), b.path("archiveBytes").asLong() >> 20,
          b.path("published").asBoolean() ? "yes" : "no", b.path("endedAt").asText());
    }
    return 0;
  }

  @Command(name = "take", description = "Take a synthetic baseline from the server's surrogate "
      + "now (never from the primary); waits until it is verified and kept.")
  int take(@Parameters(paramLabel = "SERVER") String server) {
    JsonNode b = main.client().post("/api/servers/" + server + "/baselines", Map.of());
    System.out.println("baseline " + b.path("id").asText() + " of " + server + ": "
        + b.path("start").asText() + " to " + b.path("end").asText() + ", "
        + (b.path("archiveBytes").asLong() >> 20) + " MiB compressed, published");
    return 0;
  }
}

package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nearline.common.json.Json;
import io.nearline.services.peer.LinkSettings;
import io.nearline.services.peer.LinkWindowText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nearline peer ...}: the pair of near-lines. */
@Command(name = "peer", description = "Pair with a second near-line, watch the link, promote "
    + "and resync (admin).")
final class PeerCommand {
  @ParentCommand Main main;

  @Command(name = "pair", description = "On the active near-line: make a one-time code (valid "
      + "30 minutes) for 'nearline peer join' on the other.")
  int pair() {
    System.out.println(main.client().post("/api/peer/pair", Map.of()).path("code").asText());
    System.err.println("run 'nearline peer join CODE' on the peer near-line within 30 minutes");
    return 0;
  }

  @Command(name = "join", description = "On the second near-line: join the one that made the "
      + "code, as its peer; prints the pairing check. Replication starts once it passes.")
  int join(@Parameters(paramLabel = "CODE", description = "The code from 'nearline peer pair'.")
      String code) {
    return report(main.client().post("/api/peer/join", Map.of("code", code)));
  }

  @Command(name = "check", description = "Check the pair again (versions, binaries, storage, "
      + "clock, reachability both ways) and save the report.")
  int check() {
    return report(main.client().post("/api/peer/check", Map.of()));
  }

  @Command(name = "status", description = "This near-line's role, the link and its backlog.")
  int status(@Option(names = "--json", description = "Print JSON.") boolean json) {
    JsonNode s = main.client().get("/api/peer");
    if (json) {
      System.out.println(Json.MAPPER.valueToTree(s).toPrettyString());
      return 0;
    }
    System.out.printf("role      %s (epoch %d): %s%n", s.path("role").asText(),
        s.path("epoch").asLong(), s.path("roleReason").asText());
    System.out.printf("link      %s, %s%n", s.path("link").asText(), s.path("state").asText());
    if (s.path("peer").isObject()) {
      System.out.printf("peer      %s at %s, paired %s%n", s.path("peer").path("nodeId").asText(),
          s.path("peer").path("link").asText(), s.path("peer").path("pairedAt").asText());
    } else {
      System.out.println("peer      none; pair with 'nearline peer pair' and 'peer join'");
    }
    if (!s.path("backlogObjects").isNull() && !s.path("backlogObjects").isMissingNode()) {
      System.out.printf("backlog   %d objects, %.1f MiB; catch-up %s%n",
          s.path("backlogObjects").asLong(), s.path("backlogBytes").asLong() / 1048576.0,
          s.path("catchUpSeconds").isNull() ? "unknown"
              : String.format("%.0f s", s.path("catchUpSeconds").asDouble()));
    }
    long limit = s.path("limitBytes").asLong();
    System.out.printf("rate      %.1f MiB/s, limit %s%n", s.path("sendRateBytes").asDouble()
        / 1048576.0, limit == 0 ? "none" : String.format("%.1f MiB/s", limit / 1048576.0));
    if (!s.path("lastError").isNull()) {
      System.out.println("error     " + s.path("lastError").asText());
    }
    if (s.path("check").isObject()) {
      System.out.print(CheckText.of(s.path("check")));
    }
    return 0;
  }

  @Command(name = "promote", description = "On the peer: become the active near-line. If the "
      + "active answers, it sends what is left and steps down; if it is lost, this one takes "
      + "over alone and the old one fences itself when it returns.")
  int promote() {
    return role(main.client().post("/api/peer/promote", Map.of()));
  }

  @Command(name = "resync", description = "On a fenced near-line: become the peer of the "
      + "active one and receive what it lacks.")
  int resync() {
    return role(main.client().post("/api/peer/resync", Map.of()));
  }

  @Command(name = "limit", description = "Set the link's compression and bandwidth calendar.")
  int limit(
      @Option(names = "--default", paramLabel = "RATE", defaultValue = "0",
          description = "Outside every window, e.g. 50MB (per second); 0 for no limit.")
      String defaultLimit,
      @Option(names = "--window", paramLabel = "DAYS HH:MM-HH:MM RATE",
          description = "A weekly window, e.g. 'MON-FRI 08:00-18:00 10MB'; repeatable.")
      List<String> windows,
      @Option(names = "--zone", defaultValue = "UTC", description = "The windows' time zone.")
      String zone,
      @Option(names = "--level", defaultValue = "9", description = "zstd level on the link.")
      int level) {
    List<LinkSettings.Window> parsed = new ArrayList<>();
    for (String w : windows == null ? List.<String>of() : windows) {
      parsed.add(LinkWindowText.parse(w));
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("compressionLevel", level);
    body.put("defaultLimit", LinkWindowText.bytes(defaultLimit));
    body.put("zone", zone);
    body.set("windows", Json.MAPPER.valueToTree(parsed));
    JsonNode saved = main.client().post("/api/peer/settings", body);
    System.out.println("link settings saved: " + saved);
    return 0;
  }

  private static int role(JsonNode r) {
    System.out.println("now " + r.path("role").asText() + " (epoch " + r.path("epoch").asLong()
        + "): " + r.path("reason").asText());
    return 0;
  }

  private static int report(JsonNode report) {
    System.out.print(CheckText.of(report));
    return report.path("passed").asBoolean() ? 0 : 1;
  }
}

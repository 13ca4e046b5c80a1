package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.nearline.common.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = "Show collection status of one or every protected server.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", arity = "0..1", description = "A protected server; all if omitted.")
  String name;

  @Option(names = "--json", description = "Print JSON: an array of server objects.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    JsonNode result = name == null ? main.client().get("/api/servers")
        : Json.MAPPER.createArrayNode().add(main.client().get("/api/servers/" + name));
    if (json) {
      System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
      return 0;
    }
    if (result.isEmpty()) {
      System.out.println("no protected servers; add one with 'nearline protect'");
    }
    for (JsonNode s : (ArrayNode) result) {
      System.out.print(StatusText.of(s));
    }
    for (JsonNode plan : main.client().get("/api/migrations")) {
      String server = plan.path("server").asText();
      if (name == null || name.equals(server)) {
        System.out.print(MigrationCommand.text(main.client().get("/api/servers/" + server
            + "/migration")));
      }
    }
    return 0;
  }
}

package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "events", description = "Show a server's recent events, newest first.")
final class EventsCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", description = "The protected server.")
  String name;

  @Override
  public Integer call() {
    for (JsonNode e : main.client().get("/api/servers/" + name + "/events")) {
      System.out.printf("%s %-5s %s%n", e.path("at").asText(), e.path("severity").asText(),
          e.path("message").asText());
    }
    return 0;
  }
}

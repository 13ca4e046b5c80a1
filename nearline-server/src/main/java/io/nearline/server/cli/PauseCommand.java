package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "pause", description = "Stop collecting from a server (its position is kept).")
final class PauseCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", description = "The protected server.")
  String name;

  @Override
  public Integer call() {
    JsonNode s = main.client().post("/api/servers/" + name + "/pause", java.util.Map.of());
    System.out.println(s.path("name").asText() + ": " + s.path("state").asText());
    return 0;
  }
}

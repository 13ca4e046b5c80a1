package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "resume", description = "Collect again, also after a permanent failure has been fixed.")
final class ResumeCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", description = "The protected server.")
  String name;

  @Override
  public Integer call() {
    JsonNode s = main.client().post("/api/servers/" + name + "/resume", java.util.Map.of());
    System.out.println(s.path("name").asText() + ": " + s.path("state").asText());
    return 0;
  }
}

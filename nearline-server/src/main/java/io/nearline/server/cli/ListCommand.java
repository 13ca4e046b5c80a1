package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = "List protected servers, one a line.")
final class ListCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    JsonNode all = main.client().get("/api/servers");
    System.out.printf("%-20s %-11s %-12s %-26s %s%n", "NAME", "KIND", "STATE", "LAST SEGMENT", "SHARE");
    for (JsonNode s : all) {
      System.out.printf("%-20s %-11s %-12s %-26s %s%n", s.path("name").asText(),
          s.path("kind").asText(), s.path("state").asText(), s.path("lastSegment").asText("-"),
          s.path("share").asText());
    }
    return 0;
  }
}

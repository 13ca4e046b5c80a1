package io.nearline.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "remove", description = "Stop protecting a server and delete its collected log.")
final class RemoveCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", description = "The protected server.")
  String name;

  @Option(names = "--yes", description = "Confirm: the stored log of this server is deleted.")
  boolean confirmed;

  @Override
  public Integer call() {
    if (!confirmed) {
      System.err.println("this deletes every log file collected from " + name
          + "; run again with --yes to confirm");
      return 1;
    }
    main.client().delete("/api/servers/" + name);
    System.out.println("removed " + name);
    return 0;
  }
}

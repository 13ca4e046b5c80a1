package io.nearline.server.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nearline help [COMMAND...]}: picocli's own goes one level deep, this one any. */
@Command(name = "help", helpCommand = true,
    description = "Show how a command is used, such as: nearline help pair add")
final class HelpCommand implements Runnable {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its "
      + "subcommand if it has them.")
  List<String> path = new ArrayList<>();

  @Override
  public void run() {
    CommandLine command = spec.parent().commandLine();
    for (String name : path) {
      command = command.getSubcommands().get(name);
      if (command == null) {
        throw new ParameterException(spec.commandLine(), "no command 'nearline "
            + String.join(" ", path) + "'; see nearline --help");
      }
    }
    command.usage(System.out);
  }
}

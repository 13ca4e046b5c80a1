package io.nearline.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.server.CliRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command says how it is used, by -h, --help or {@code nearline help COMMAND}. */
class HelpTest {
  @Test
  void shouldAnswerHelpOnEveryCommandAndSubcommand() {
    List<List<String>> commands = new ArrayList<>();
    collect(new CommandLine(new Main()), new ArrayList<>(), commands);
    assertTrue(commands.size() > 25, "commands found: " + commands.size());
    for (List<String> command : commands) {
      for (String flag : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(command);
        args.add(flag);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), args + ": " + run.err());
        assertTrue(run.out().startsWith("Usage: nearline " + String.join(" ", command)),
            args + ": " + run.out());
      }
    }
  }

  @Test
  void shouldAnswerTheHelpCommandForNestedCommands() {
    CliRun run = CliRun.of("help", "pair", "add");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Usage: nearline pair add"), run.out());
    CliRun unknown = CliRun.of("help", "pair", "nosuch");
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("no command 'nearline pair nosuch'"), unknown.err());
  }

  @Test
  void shouldGenerateABashCompletionScript() {
    CliRun run = CliRun.of("generate-completion");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("complete -F"), run.out());
    assertTrue(run.out().contains("failover"), "completes the commands");
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help") && !name.equals("generate-completion")) {
        List<String> deeper = new ArrayList<>(path);
        deeper.add(name);
        collect(sub, deeper, out);
      }
    });
  }
}

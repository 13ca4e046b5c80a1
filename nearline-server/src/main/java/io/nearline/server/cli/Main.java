package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** {@code nearline <command>}. */
// INHERIT: every command and subcommand takes -h/--help (and -V/--version) too.
@Command(name = "nearline", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    version = "nearline 0.1.0",
    description = "Agentless near-line shadowing server with log shipping.",
    subcommands = {ServerCommand.class, ProtectCommand.class, ListCommand.class,
        StatusCommand.class, RemoveCommand.class, EventsCommand.class,
        RecoveryCommands.Pair.class, RecoveryCommands.Tag.class, RecoveryCommands.Policy.class,
        RecoveryCommands.Failover.class, RecoveryCommands.Failback.class,
        RecoveryCommands.Runs.class, DrillCommand.class, MigrationCommand.class, SnapshotCommand.class, BaselineCommand.class, RetentionCommand.Policy.class, RetentionCommand.Hold.class, RetentionCommand.Restorability.class, StoreCommand.class, PeerCommand.class, TokenCommand.class, AuditCommand.class,
        HelpCommand.class,
        GenerateCompletion.class})
public final class Main {
  @Option(names = "--url", scope = ScopeType.INHERIT,
      defaultValue = "${env:NEARLINE_URL:-http://127.0.0.1:7480}",
      description = "The Nearline server's API (default: $NEARLINE_URL or ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "A file holding the API token, readable by you only (default: "
          + "$NEARLINE_TOKEN, then ~/.config/nearline/token).")
  java.nio.file.Path tokenFile;

  @Option(names = "--ca-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
      defaultValue = "${env:NEARLINE_CA_FILE}",
      description = "Verify a server over TLS by the certificates in this PEM file only: its "
          + "own (data-dir/tls/server.crt), pinned, or its CA's (default: $NEARLINE_CA_FILE).")
  java.nio.file.Path caFile;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code: 0 done, 1 refused or failed, 2 usage. */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("error: " + e.getMessage());
          return 1;
        })
        .execute(args);
  }

  ApiClient client() {
    return new ApiClient(url, TokenSource.find(tokenFile, System.getenv(),
        java.nio.file.Path.of(System.getProperty("user.home"))).orElse(null), caFile);
  }

  @Command(name = "pause", description = "Stop collecting from a server (its position is kept).")
  int pause(@Parameters(paramLabel = "NAME", description = "The protected server.") String name) {
    return act(name, "pause");
  }

  @Command(name = "resume",
      description = "Collect again, also after a permanent failure has been fixed.")
  int resume(@Parameters(paramLabel = "NAME", description = "The protected server.") String name) {
    return act(name, "resume");
  }

  private int act(String name, String action) {
    JsonNode s = client().post("/api/servers/" + name + "/" + action, Map.of());
    System.out.println(s.path("name").asText() + ": " + s.path("state").asText());
    return 0;
  }
}

package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.services.ProtectRequest;
import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "protect", description = "Start protecting a primary: collect its log from its share.")
final class ProtectCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(index = "0", description = "A name for the protected server, such as db1.")
  String name;

  @Option(names = "--kind", defaultValue = "postgresql", description = "Application (default: ${DEFAULT-VALUE}).")
  String kind;

  @Option(names = "--share", required = true, description = "Where the primary archives its log: smb://host[:port]/share/folder/")
  String share;

  @Option(names = "--user", required = true, description = "SMB user, optionally DOMAIN\\\\user.")
  String user;

  @Option(names = "--password-file", description = "File holding the SMB password (first line). Without it you are prompted.")
  Path passwordFile;

  @Option(names = "--primary", required = true,
      description = "Connection string for the primary, such as 'host=db1 port=5432 user=nearline dbname=postgres'.")
  String primary;

  @Option(names = "--no-surrogate",
      description = "Only collect the log: take no baseline and keep no surrogate.")
  boolean noSurrogate;

  @Override
  public Integer call() throws Exception {
    JsonNode status = main.client().post("/api/servers",
        new ProtectRequest(name, kind, share, user, password(), primary, !noSurrogate));
    System.out.println("protecting " + status.path("name").asText() + " (system identifier "
        + status.path("systemIdentifier").asText() + "), state "
        + status.path("state").asText());
    return 0;
  }

  private String password() throws Exception {
    if (passwordFile != null) {
      String content = Files.readString(passwordFile, StandardCharsets.UTF_8);
      return content.lines().findFirst().orElse("");
    }
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException("no password: give --password-file, or run in a terminal to be prompted");
    }
    return new String(console.readPassword("SMB password for %s: ", user));
  }
}

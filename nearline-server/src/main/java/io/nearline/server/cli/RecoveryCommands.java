package io.nearline.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.json.Json;
import io.nearline.recovery.Standby;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Recovery pairs, policies and runs: {@code pair}, {@code tag}, {@code policy},
 * {@code failover}, {@code failback}, {@code run}.
 */
final class RecoveryCommands {
  private RecoveryCommands() {
  }

  static JsonNode readJson(Path file) throws IOException {
    return Json.MAPPER.readTree(Files.readString(file));
  }

  @Command(name = "pair", description = "Recovery pairs: a primary and its standby.")
  static final class Pair {
    @ParentCommand Main main;

    @Command(name = "add", description = "Check the standby and save the pair if it passes.")
    int add(@Parameters(paramLabel = "FILE", description = "The pair as JSON.") Path file)
        throws IOException {
      System.out.print(CheckText.of(main.client().post("/api/pairs", readJson(file))));
      return 0;
    }

    @Command(name = "check", description = "Run the standby check again and print its report.")
    int check(@Parameters(paramLabel = "NAME") String name) {
      JsonNode report = main.client().post("/api/pairs/" + name + "/check", Map.of());
      System.out.print(CheckText.of(report));
      return report.path("passed").asBoolean() ? 0 : 1;
    }

    @Command(name = "list", description = "List the recovery pairs.")
    int list() throws JsonProcessingException {
      for (JsonNode p : main.client().get("/api/pairs")) {
        JsonNode s = p.path("standby");
        System.out.printf("%-16s %-16s -> %s (%s, clients to %s)%s%n", p.path("name").asText(),
            p.path("primary").asText(), s.path("name").asText(), s.path("access").asText(),
            s.path("clientHost").asText(), applicationSettings(s));
      }
      return 0;
    }

    /** The standby's settings that belong to its application, such as its port. */
    private static String applicationSettings(JsonNode standby) throws JsonProcessingException {
      StringBuilder out = new StringBuilder();
      Json.MAPPER.treeToValue(standby, Standby.class).settings().forEach((name, value) ->
          out.append(' ').append(name).append('=').append(value));
      return out.toString();
    }
  }

  @Command(name = "tag", description = "Named recovery points a policy can recover to.")
  static final class Tag {
    @ParentCommand Main main;

    @Command(name = "add", description = "Tag the primary's current position (a restore point "
        + "on it), or a known position with --position.")
    int add(@Parameters(paramLabel = "SERVER") String server,
        @Parameters(paramLabel = "TAG") String tag,
        @Option(names = "--position", description = "A log position such as 0/3000060.")
        String position) {
      java.util.Map<String, String> body = new java.util.HashMap<>(Map.of("tag", tag));
      if (position != null) {
        body.put("position", position);
      }
      JsonNode t = main.client().post("/api/servers/" + server + "/tags", body);
      System.out.printf("%s %s at %s%n", server, t.path("tag").asText(),
          t.path("position").asText());
      return 0;
    }

    @Command(name = "list", description = "List a server's tags, newest first.")
    int list(@Parameters(paramLabel = "SERVER") String server) {
      for (JsonNode t : main.client().get("/api/servers/" + server + "/tags")) {
        System.out.printf("%-24s %-14s %s%n", t.path("tag").asText(), t.path("position")
            .asText(), t.path("createdAt").asText());
      }
      return 0;
    }
  }

  @Command(name = "policy", description = "Recovery policies, and policy files.")
  static final class Policy {
    @ParentCommand Main main;

    @Command(name = "add", description = "Check what the policy names (directory entries, "
        + "mailbox stores, DNS names) and save it if every item passes.")
    int add(@Parameters(paramLabel = "FILE", description = "The policy as JSON.") Path file)
        throws IOException {
      System.out.print(CheckText.of(main.client().post("/api/policies", readJson(file))));
      return 0;
    }

    @Command(name = "import", description = "Load a policy file: its pairs (each checked), "
        + "then its policies.")
    int importFile(@Parameters(paramLabel = "FILE") Path file) throws IOException {
      JsonNode r = main.client().post("/api/policies/import", readJson(file));
      r.path("checks").forEach(c -> System.out.print(c.asText()));
      System.out.println("imported " + r.path("pairs").asInt() + " pairs and "
          + r.path("policies").asInt() + " policies");
      return 0;
    }

    @Command(name = "export", description = "Print every pair and policy as a policy file.")
    int export() throws IOException {
      System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
          main.client().get("/api/policies/export")));
      return 0;
    }

    @Command(name = "list", description = "List the recovery policies.")
    int list() {
      for (JsonNode p : main.client().get("/api/policies")) {
        System.out.printf("%-16s pairs=%s point=%s steps=%s%n", p.path("name").asText(),
            p.path("pairs"), p.path("point").path("kind").asText(), p.path("steps"));
      }
      return 0;
    }
  }

  /** A failover or failback of one policy: waits and prints the journal, or plans it. */
  abstract static class PolicyRun implements java.util.concurrent.Callable<Integer> {
    @ParentCommand Main main;

    @Parameters(paramLabel = "POLICY")
    String policy;

    @Option(names = "--dry-run", description = "Print what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--no-wait", description = "Start the run and print its id.")
    boolean noWait;

    abstract String kind();

    @Override
    public Integer call() throws InterruptedException {
      JsonNode run = main.client().post("/api/policies/" + policy + "/" + kind()
          + (dryRun ? "?dryRun=true" : ""), Map.of());
      if (dryRun || noWait) {
        System.out.print(dryRun ? RunText.of(run) : "run " + run.path("id").asText() + "\n");
        return 0;
      }
      return Runs.await(main, run.path("id").asLong());
    }
  }

  @Command(name = "failover", description = "Run a recovery policy: restore to the standby, "
      + "promote, rebind the directory, re-home clients, verify. Waits and prints the report.")
  static final class Failover extends PolicyRun {
    @Override
    String kind() {
      return "failover";
    }
  }

  @Command(name = "failback", description = "Bring the primary back after the policy's last "
      + "failover: rebuild it from the standby (PostgreSQL: pg_rewind, else a fresh copy), "
      + "switch over, put the directory back, verify, protect it again.")
  static final class Failback extends PolicyRun {
    @Override
    String kind() {
      return "failback";
    }
  }

  @Command(name = "run", description = "Recovery runs: show, retry, skip or roll back.")
  static final class Runs {
    @ParentCommand Main main;

    static int await(Main main, long id) throws InterruptedException {
      JsonNode run = awaitQuietly(main, id);
      System.out.print(RunText.of(run));
      String state = run.path("state").asText();
      return state.equals("SUCCEEDED") || state.equals("ROLLED_BACK") ? 0 : 1;
    }

    /** Waits until the run stops, printing its progress on standard error; returns it. */
    static JsonNode awaitQuietly(Main main, long id) throws InterruptedException {
      String lastSeen = "";
      while (true) {
        JsonNode run = main.client().get("/api/runs/" + id);
        String progress = progress(run);
        if (!progress.equals(lastSeen)) {
          System.err.println(progress);
          lastSeen = progress;
        }
        if (!run.path("state").asText().equals("RUNNING")) {
          return run;
        }
        Thread.sleep(250);
      }
    }

    private static String progress(JsonNode run) {
      for (JsonNode s : run.path("steps")) {
        String state = s.path("state").asText();
        if (!state.equals("FINISHED") && !state.equals("SKIPPED")) {
          return Terminal.ellipsis() + " " + s.path("pair").asText() + " "
              + s.path("step").asText() + " " + state.toLowerCase(Locale.ROOT);
        }
      }
      return Terminal.ellipsis() + " done";
    }

    @Command(name = "show", description = "Print a run's journal.")
    int show(@Parameters(paramLabel = "ID") long id,
        @Option(names = "--wait", description = "Wait until the run stops, showing progress.")
        boolean wait) throws InterruptedException {
      if (wait) {
        return await(main, id);
      }
      System.out.print(RunText.of(main.client().get("/api/runs/" + id)));
      return 0;
    }

    @Command(name = "list", description = "List recent runs.")
    int list() {
      for (JsonNode r : main.client().get("/api/runs")) {
        System.out.printf("%5s %-9s %-16s %-12s %s%n", r.path("id").asText(),
            r.path("kind").asText(), r.path("policy").asText(), r.path("state").asText()
                .toLowerCase(), r.path("startedAt").asText());
      }
      return 0;
    }

    @Command(name = "retry", description = "Run the failed step again, then the rest.")
    int retry(@Parameters(paramLabel = "ID") long id) throws InterruptedException {
      main.client().post("/api/runs/" + id + "/retry", Map.of());
      return await(main, id);
    }

    @Command(name = "skip", description = "Skip the failed step, journaling why, then go on.")
    int skip(@Parameters(paramLabel = "ID") long id,
        @Option(names = "--reason", required = true) String reason)
        throws InterruptedException {
      main.client().post("/api/runs/" + id + "/skip", Map.of("reason", reason));
      return await(main, id);
    }

    @Command(name = "rollback", description = "Reverse every change of a stopped run.")
    int rollback(@Parameters(paramLabel = "ID") long id) throws InterruptedException {
      main.client().post("/api/runs/" + id + "/rollback", Map.of());
      return await(main, id);
    }
  }
}

package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code nearline migration}: moving a protected server to a newer application version. */
@Command(name = "migration", description = "Version migrations: plan, pre-flight check, "
    + "cutover with seconds of write downtime, rollback without losing a write.")
final class MigrationCommand {
  @ParentCommand Main main;

  @Command(name = "plan", description = "Save a server's migration plan (JSON: server, target "
      + "with the new version's pgBin, policy, rollbackWindow), replacing its plan if any.")
  int plan(@Parameters(paramLabel = "FILE", description = "The plan as JSON.") Path file)
      throws IOException {
    JsonNode plan = RecoveryCommands.readJson(file);
    String server = plan.path("server").asText();
    JsonNode saved = main.client().post("/api/servers/" + server + "/migration", plan);
    System.out.println("migration plan of " + server + " saved: to "
        + saved.path("target").path("name").asText() + ", clients re-homed by policy "
        + saved.path("policy").asText() + ", rollback window "
        + saved.path("rollbackWindow").asText());
    System.out.println("next: nearline migration check " + server);
    return 0;
  }

  @Command(name = "check", description = "The pre-flight check: changes nothing. Exits 1 if "
      + "an item is red; each says what to do about it.")
  int check(@Parameters(paramLabel = "SERVER") String server) {
    JsonNode report = main.client().post("/api/servers/" + server + "/migration/check",
        Map.of());
    System.out.print(CheckText.of(report));
    return report.path("passed").asBoolean() ? 0 : 1;
  }

  @Command(name = "rehearse", description = "Rehearse the cutover from a sandbox clone of the "
      + "surrogate: no write reaches the primary, nobody is re-homed. Waits, showing progress, "
      + "and prints what it measured, the expected write downtime among it. Exits 0 if it "
      + "passed.")
  int rehearse(@Parameters(paramLabel = "SERVER") String server,
      @Option(names = "--dry-run", description = "Print what the rehearsal would do; change "
          + "nothing.") boolean dryRun) throws InterruptedException {
    JsonNode run = main.client().post("/api/servers/" + server + "/migration/rehearse"
        + (dryRun ? "?dryRun=true" : ""), Map.of());
    if (dryRun) {
      System.out.print(RunText.of(run));
      return 0;
    }
    RecoveryCommands.Runs.awaitQuietly(main, run.path("id").asLong());
    JsonNode view = main.client().get("/api/servers/" + server + "/migration");
    for (int i = 0; i < 100 && view.path("rehearsalOutcome").asText().equals("running"); i++) {
      Thread.sleep(100); // judged a moment after the run ends
      view = main.client().get("/api/servers/" + server + "/migration");
    }
    System.out.print(text(view));
    System.out.println("report: nearline migration report " + server + " --format html");
    return view.path("rehearsalOutcome").asText().equals("passed") ? 0 : 1;
  }

  @Command(name = "report", description = "Write the newest rehearsal's report: json (as "
      + "kept), html or pdf.")
  int report(@Parameters(paramLabel = "SERVER") String server,
      @Option(names = "--format", defaultValue = "html", description = "json, html (the "
          + "default) or pdf") String format,
      @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write it here; "
          + "standard output unless given (not for pdf).") Path output) throws IOException {
    byte[] report = main.client().getBytes("/api/servers/" + server
        + "/migration/rehearsal/report?format=" + format.toLowerCase(java.util.Locale.ROOT));
    if (output == null) {
      System.out.write(report);
      System.out.flush();
    } else {
      java.nio.file.Files.write(output, report);
      System.err.println(server + "'s rehearsal report written to " + output);
    }
    return 0;
  }

  @Command(name = "cutover", description = "Cut the server over to the new version: waits, "
      + "showing progress, and prints the measured write downtime. Refused unless the "
      + "pre-flight check passes.")
  int cutover(@Parameters(paramLabel = "SERVER") String server,
      @Option(names = "--dry-run", description = "Print what the cutover would do; change "
          + "nothing.") boolean dryRun,
      @Option(names = "--no-wait", description = "Start it and print the run's id.")
      boolean noWait) throws InterruptedException {
    JsonNode run = main.client().post("/api/servers/" + server + "/migration/cutover"
        + (dryRun ? "?dryRun=true" : ""), Map.of());
    long id = run.path("id").asLong();
    if (dryRun || noWait) {
      System.out.print(dryRun ? RunText.of(run) : "migration run " + id + "\n");
      return 0;
    }
    int exit = RecoveryCommands.Runs.await(main, id);
    System.out.print(text(main.client().get("/api/servers/" + server + "/migration")));
    return exit;
  }

  @Command(name = "rollback", description = "Move clients back to the old server, losing no "
      + "write made on the new version; waits, showing progress.")
  int rollback(@Parameters(paramLabel = "SERVER") String server,
      @Option(names = "--no-wait", description = "Start it and print the run's id.")
      boolean noWait) throws InterruptedException {
    JsonNode run = main.client().post("/api/servers/" + server + "/migration/rollback",
        Map.of());
    long id = run.path("id").asLong();
    if (noWait) {
      System.out.println("rolling back migration run " + id);
      return 0;
    }
    JsonNode rolledBack = awaitRolledBack(id, run);
    System.out.print(RunText.of(rolledBack));
    return rolledBack.path("state").asText().equals("ROLLED_BACK") ? 0 : 1;
  }

  /**
   * The run once its rollback has ended: rolled back, or failed at a step's undo. It keeps its
   * state (succeeded, say) while the undo goes on, so the steps undone are the progress.
   */
  private JsonNode awaitRolledBack(long id, JsonNode before) throws InterruptedException {
    java.util.Set<String> earlier = new java.util.HashSet<>();
    before.path("steps").forEach(s -> earlier.add(s.path("error").asText()));
    int shown = -1;
    while (true) {
      JsonNode run = main.client().get("/api/runs/" + id);
      int undone = 0;
      boolean undoFailed = false;
      for (JsonNode s : run.path("steps")) {
        undone += s.path("state").asText().equals("UNDONE") ? 1 : 0;
        String error = s.path("error").asText();
        undoFailed |= error.startsWith("undo of ") && !earlier.contains(error);
      }
      if (undone != shown) {
        System.err.println(Terminal.ellipsis() + " " + undone + " of "
            + run.path("steps").size() + " steps undone");
        shown = undone;
      }
      if (run.path("state").asText().equals("ROLLED_BACK") || undoFailed) {
        return run;
      }
      Thread.sleep(250);
    }
  }

  @Command(name = "retire", description = "Retire the old server now, before the rollback "
      + "window closes by itself: it stops following the new version, and a rollback is "
      + "refused from then on.")
  int retire(@Parameters(paramLabel = "SERVER") String server) {
    System.out.print(text(main.client().post("/api/servers/" + server + "/migration/retire",
        Map.of())));
    return 0;
  }

  @Command(name = "show", description = "A server's migration: plan, state, rollback window "
      + "and figures.")
  int show(@Parameters(paramLabel = "SERVER") String server) {
    System.out.print(text(main.client().get("/api/servers/" + server + "/migration")));
    return 0;
  }

  static String text(JsonNode view) {
    JsonNode plan = view.path("plan");
    StringBuilder b = new StringBuilder("migration of " + plan.path("server").asText() + " to "
        + plan.path("target").path("name").asText() + " (" + plan.path("target").path("pgBin")
        .asText() + "): " + view.path("state").asText() + "\n");
    if (view.hasNonNull("cutoverRun")) {
      b.append("  cutover run ").append(view.path("cutoverRun").asText()).append('\n');
    }
    if (view.hasNonNull("retiredAt")) {
      b.append("  the old server was retired at ").append(view.path("retiredAt").asText())
          .append(": a rollback would lose the new version's writes\n");
    } else if (view.hasNonNull("rollbackUntil")) {
      b.append("  rollback loses no write until ").append(view.path("rollbackUntil").asText())
          .append('\n');
    }
    if (view.hasNonNull("protectedAs")) {
      b.append("  the new version is protected as ").append(view.path("protectedAs").asText())
          .append('\n');
    }
    figures(b, view.path("figures"));
    if (view.hasNonNull("rehearsalRun")) {
      b.append("rehearsal run ").append(view.path("rehearsalRun").asText()).append(": ")
          .append(view.path("rehearsalOutcome").asText()).append('\n');
      figures(b, view.path("rehearsal"));
    }
    return b.toString();
  }

  private static void figures(StringBuilder b, JsonNode figures) {
    for (Iterator<Map.Entry<String, JsonNode>> it = figures.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      b.append("  ").append(e.getKey()).append(": ").append(e.getValue().asText()).append('\n');
    }
  }
}

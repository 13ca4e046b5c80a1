package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code nearline drill}: dress rehearsals of recovery policies. */
@Command(name = "drill", description = "Dress rehearsals: recover a policy in isolation, probe "
    + "it, measure RTO and RPO, clean up, and keep a tamper-evident report.")
final class DrillCommand {
  @ParentCommand Main main;

  @Command(name = "run", description = "Drill a policy now: waits, showing progress, and prints "
      + "the result. Exits 0 if the drill passed.")
  int run(@Parameters(paramLabel = "POLICY") String policy,
      @Option(names = "--target", defaultValue = "sandbox", description = "sandbox (a "
          + "copy-on-write clone on this host; the default) or standby") String target,
      @Option(names = "--dry-run", description = "Print what the drill would do; change "
          + "nothing.") boolean dryRun,
      @Option(names = "--no-wait", description = "Start the drill and print its id.")
      boolean noWait) throws InterruptedException {
    JsonNode run = main.client().post("/api/policies/" + policy + "/drills?target=" + target
        + (dryRun ? "&dryRun=true" : ""), Map.of());
    long id = run.path("id").asLong();
    if (dryRun || noWait) {
      System.out.print(dryRun ? RunText.of(run) : "drill " + id + "\n");
      return 0;
    }
    RecoveryCommands.Runs.awaitQuietly(main, id);
    JsonNode drill = awaitJudged(id);
    System.out.print(text(drill));
    return "passed".equals(drill.path("outcome").asText()) ? 0 : 1;
  }

  /** The drill once it is judged (a moment after its run ends). */
  private JsonNode awaitJudged(long id) throws InterruptedException {
    JsonNode drill = main.client().get("/api/drills/" + id);
    for (int i = 0; i < 100 && "running".equals(drill.path("outcome").asText()); i++) {
      Thread.sleep(100);
      drill = main.client().get("/api/drills/" + id);
    }
    return drill;
  }

  @Command(name = "list", description = "List drills, newest first.")
  int list(@Option(names = "--policy", description = "Only this policy's.") String policy,
      @Option(names = "--limit", defaultValue = "20") int limit) {
    JsonNode drills = main.client().get("/api/drills?limit=" + limit
        + (policy == null ? "" : "&policy=" + policy));
    System.out.printf("%5s %-16s %-8s %-11s %8s %8s  %s%n", "ID", "POLICY", "TARGET", "OUTCOME",
        "RTO", "RPO", "STARTED");
    for (JsonNode d : drills) {
      System.out.printf("%5s %-16s %-8s %-11s %8s %8s  %s%n", d.path("id").asText(),
          d.path("policy").asText(), d.path("target").asText(), d.path("outcome").asText(),
          seconds(d.path("rtoSeconds")), seconds(d.path("rpoSeconds")),
          d.path("startedAt").asText());
    }
    return 0;
  }

  @Command(name = "show", description = "Print a drill's result.")
  int show(@Parameters(paramLabel = "ID") long id) {
    System.out.print(text(main.client().get("/api/drills/" + id)));
    return 0;
  }

  @Command(name = "report", description = "Write a drill's report: json (as kept), html or pdf.")
  int report(@Parameters(paramLabel = "ID") long id,
      @Option(names = "--format", defaultValue = "html", description = "json, html (the "
          + "default) or pdf") String format,
      @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write it here; "
          + "standard output unless given (not for pdf).") Path output) throws IOException {
    byte[] report = main.client().getBytes("/api/drills/" + id + "/report?format="
        + format.toLowerCase(Locale.ROOT));
    if (output == null) {
      System.out.write(report);
      System.out.flush();
    } else {
      Files.write(output, report);
      System.err.println("drill " + id + "'s report written to " + output);
    }
    return 0;
  }

  @Command(name = "trend", description = "A policy's last drills, RTO and RPO against its "
      + "targets, and the failover RTO they predict.")
  int trend(@Parameters(paramLabel = "POLICY") String policy,
      @Option(names = "--last", defaultValue = "20", description = "How many drills "
          + "(default: ${DEFAULT-VALUE}).") int last) {
    JsonNode t = main.client().get("/api/policies/" + policy + "/drills/trend?last=" + last);
    System.out.printf("%5s %-8s %-11s %8s %8s  %s%n", "ID", "TARGET", "OUTCOME", "RTO", "RPO",
        "ENDED");
    for (JsonNode d : t.path("drills")) {
      System.out.printf("%5s %-8s %-11s %8s %8s  %s%n", d.path("id").asText(),
          d.path("target").asText(), d.path("outcome").asText(), seconds(d.path("rtoSeconds")),
          seconds(d.path("rpoSeconds")), d.path("endedAt").asText());
    }
    System.out.println("RTO median " + seconds(t.path("medianRtoSeconds")) + ", worst "
        + seconds(t.path("worstRtoSeconds")) + "; target " + seconds(t.path("rtoTargetSeconds"))
        + " (RPO target " + seconds(t.path("rpoTargetSeconds")) + ")");
    System.out.println("predicted failover RTO " + seconds(t.path("predictedFailoverRtoSeconds"))
        + ": " + t.path("basis").asText());
    return 0;
  }

  @Command(name = "verify", description = "Check every report of a policy against the chain of "
      + "their SHA-256s: an edited, missing or reordered report is named. Exits 1 if any is.")
  int verify(@Parameters(paramLabel = "POLICY") String policy) {
    JsonNode check = main.client().get("/api/policies/" + policy + "/drills/verify");
    if (check.path("problems").isEmpty()) {
      System.out.println("policy " + policy + ": " + check.path("reports").asInt()
          + " drill reports, chain intact");
      return 0;
    }
    System.out.println("policy " + policy + ": the drill report chain is broken");
    for (JsonNode p : check.path("problems")) {
      System.out.println("  " + p.asText());
    }
    return 1;
  }

  @Command(name = "schedule", description = "Drill a policy on a schedule, kept across restarts"
      + " (replaces its schedule, if any). A time missed while the server is down raises an "
      + "alert, and by default the drill runs once when it is back.")
  int schedule(@Parameters(paramLabel = "POLICY") String policy,
      @Option(names = "--cron", required = true, description = "When: five fields (minute "
          + "hour day month weekday, '0 2 * * *') or Quartz's six or seven ('0 0 2 * * ?').")
      String cron,
      @Option(names = "--zone", defaultValue = "UTC", description = "The time zone the cron "
          + "expression is read in (default: ${DEFAULT-VALUE}).") String zone,
      @Option(names = "--target", defaultValue = "sandbox", description = "sandbox (default) "
          + "or standby") String target,
      @Option(names = "--misfire", defaultValue = "run-once", description = "A time missed "
          + "while the server was down: run-once (default) or skip.") String misfire) {
    JsonNode s = main.client().post("/api/policies/" + policy + "/drills/schedule", Map.of(
        "cron", cron, "zone", zone, "target", target, "misfire", misfire));
    System.out.println("policy " + policy + " is drilled on " + s.path("target").asText()
        + " at '" + s.path("cron").asText() + "' (" + s.path("zone").asText() + "); next "
        + s.path("nextRunAt").asText());
    return 0;
  }

  @Command(name = "unschedule", description = "Stop drilling a policy on a schedule.")
  int unschedule(@Parameters(paramLabel = "POLICY") String policy) {
    main.client().delete("/api/policies/" + policy + "/drills/schedule");
    System.out.println("policy " + policy + " is no longer drilled on a schedule");
    return 0;
  }

  @Command(name = "schedules", description = "List drill schedules and when each runs next.")
  int schedules() {
    System.out.printf("%-16s %-8s %-22s %-16s %-9s %s%n", "POLICY", "TARGET", "CRON", "ZONE",
        "MISFIRE", "NEXT");
    for (JsonNode s : main.client().get("/api/drills/schedules")) {
      System.out.printf("%-16s %-8s %-22s %-16s %-9s %s%n", s.path("policy").asText(),
          s.path("target").asText(), s.path("cron").asText(), s.path("zone").asText(),
          s.path("misfire").asText(), s.path("nextRunAt").asText("-"));
    }
    return 0;
  }

  @Command(name = "alerts", description = "Show where alerts about failed, missed and overdue "
      + "drills go, or set it from a JSON file (webhookUrl, smtpHost, smtpPort, smtpStartTls, "
      + "smtpUser, smtpPasswordFile, mailFrom, mailTo).")
  int alerts(@Option(names = "--set", paramLabel = "FILE", description = "Settings to save.")
      Path file) throws IOException {
    JsonNode settings = file == null ? main.client().get("/api/drills/alerts")
        : main.client().post("/api/drills/alerts", Json.MAPPER.readTree(file.toFile()));
    System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
        settings));
    return 0;
  }

  static String text(JsonNode d) {
    StringBuilder b = new StringBuilder();
    b.append("drill ").append(d.path("id").asText()).append(" of policy ")
        .append(d.path("policy").asText()).append(" (").append(d.path("target").asText())
        .append(", ").append(d.path("trigger").asText()).append("): ")
        .append(d.path("outcome").asText()).append('\n');
    b.append("  recovery point ").append(d.path("point").asText("-")).append(", last commit ")
        .append(d.path("pointCommitAt").asText("-")).append('\n');
    b.append("  RTO ").append(seconds(d.path("rtoSeconds"))).append(" (target ")
        .append(seconds(d.path("rtoTargetSeconds"))).append("), RPO ")
        .append(seconds(d.path("rpoSeconds"))).append(" (target ")
        .append(seconds(d.path("rpoTargetSeconds"))).append(")\n");
    b.append("  probes passed: ").append(d.path("probesPassed").asInt()).append(" of ")
        .append(d.path("probesRun").asInt()).append('\n');
    for (JsonNode deviation : d.path("deviations")) {
      b.append("  deviation: ").append(deviation.asText()).append('\n');
    }
    if (!d.path("reportSha256").isNull() && !d.path("reportSha256").isMissingNode()) {
      b.append("  report: nearline drill report ").append(d.path("id").asText())
          .append(" (SHA-256 ").append(d.path("reportSha256").asText()).append(")\n");
    }
    return b.toString();
  }

  private static String seconds(JsonNode v) {
    return v.isNull() || v.isMissingNode() ? "-" : v.asText() + " s";
  }
}

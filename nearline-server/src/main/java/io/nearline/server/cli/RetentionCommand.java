package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code nearline retention} and {@code nearline hold}: what the store keeps. */
final class RetentionCommand {
  private RetentionCommand() {}

  @Command(name = "retention", description = "What each server's store keeps: every log file "
      + "for a window, then daily, weekly, monthly and yearly points.")
  static final class Policy {
    @ParentCommand Main main;

    @Command(name = "plan", description = "Show what retention would keep (each point, why, "
        + "and the log it needs) and remove now; changes nothing.")
    int plan(@Parameters(paramLabel = "SERVER") String server) {
      System.out.print(text(main.client().get("/api/servers/" + server + "/retention/plan")));
      return 0;
    }

    @Command(name = "run", description = "Run retention for a server now.")
    int run(@Parameters(paramLabel = "SERVER") String server) {
      System.out.print(text(main.client().post("/api/servers/" + server + "/retention/run",
          Map.of())));
      return 0;
    }

    @Command(name = "show", description = "Print a server's retention policy.")
    int show(@Parameters(paramLabel = "SERVER") String server) {
      System.out.println(policy(main.client().get("/api/servers/" + server + "/retention")));
      return 0;
    }

    @Command(name = "set", description = "Set a server's retention policy; fields not given "
        + "keep their value.")
    int set(@Parameters(paramLabel = "SERVER") String server,
        @Option(names = "--all-log-for", paramLabel = "DURATION", description = "Keep every log "
            + "file this long (ISO-8601, PT48H).") String allLogFor,
        @Option(names = "--daily") Integer daily, @Option(names = "--weekly") Integer weekly,
        @Option(names = "--monthly") Integer monthly, @Option(names = "--yearly") Integer yearly) {
      JsonNode now = main.client().get("/api/servers/" + server + "/retention");
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("allLogFor", allLogFor != null ? allLogFor : now.path("allLogFor").asText());
      p.put("daily", daily != null ? daily : now.path("daily").asInt());
      p.put("weekly", weekly != null ? weekly : now.path("weekly").asInt());
      p.put("monthly", monthly != null ? monthly : now.path("monthly").asInt());
      p.put("yearly", yearly != null ? yearly : now.path("yearly").asInt());
      System.out.println(policy(main.client().post("/api/servers/" + server + "/retention", p)));
      return 0;
    }
  }

  @Command(name = "hold", description = "Legal holds: points kept whatever retention says, "
      + "until an admin lifts them.")
  static final class Hold {
    @ParentCommand Main main;

    static final class Point {
      @Option(names = "--time", paramLabel = "TIME") String time;
      @Option(names = "--lsn", paramLabel = "POSITION") String lsn;
      @Option(names = "--tag", paramLabel = "NAME") String tag;
    }

    @Command(name = "set", description = "Put a point under legal hold.")
    int set(@Parameters(paramLabel = "SERVER") String server,
        @ArgGroup(exclusive = true, multiplicity = "1") Point point,
        @Option(names = "--reason", required = true, description = "Why: a case, a ticket.")
        String reason) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("time", point.time);
      body.put("lsn", point.lsn);
      body.put("tag", point.tag);
      body.put("reason", reason);
      JsonNode h = main.client().post("/api/servers/" + server + "/holds", body);
      System.out.println("legal hold " + h.path("id").asText() + " on " + server + " "
          + h.path("askedFor").asText() + " (position " + h.path("position").asText() + ")");
      return 0;
    }

    @Command(name = "lift", description = "Lift a legal hold.")
    int lift(@Parameters(paramLabel = "ID") long id) {
      JsonNode h = main.client().post("/api/holds/" + id + "/lift", Map.of());
      System.out.println("legal hold " + id + " lifted by " + h.path("liftedBy").asText());
      return 0;
    }

    @Command(name = "list", description = "Legal holds, those in force first.")
    int list(@Option(names = "--server") String server) {
      JsonNode all = main.client().get("/api/holds" + (server == null ? "" : "?server="
          + server));
      System.out.printf("%5s %-12s %-36s %-9s %s%n", "ID", "SERVER", "POINT", "STATE", "REASON");
      for (JsonNode h : all) {
        System.out.printf("%5s %-12s %-36s %-9s %s%n", h.path("id").asText(),
            h.path("server").asText(), h.path("askedFor").asText(),
            h.hasNonNull("liftedAt") ? "lifted" : "in force", h.path("reason").asText());
      }
      return 0;
    }
  }

  @Command(name = "restorability", description = "Prove every kept point restores: its "
      + "baseline and log present, checksums matching, no gaps; now and then one is opened.")
  static final class Restorability {
    @ParentCommand Main main;

    @Command(name = "check", description = "Check every kept point now (reads every file they "
        + "need). Exits 1 if any cannot be restored.")
    int check(@Parameters(paramLabel = "SERVER") String server) {
      JsonNode c = main.client().post("/api/servers/" + server + "/restorability/check",
          Map.of());
      System.out.print(checkText(c));
      return c.path("redPoints").asInt() == 0 ? 0 : 1;
    }

    @Command(name = "show", description = "Print the last check. Exits 1 if any point was red.")
    int show(@Parameters(paramLabel = "SERVER") String server) {
      JsonNode c = main.client().get("/api/servers/" + server + "/restorability");
      System.out.print(checkText(c));
      return c.path("redPoints").asInt() == 0 ? 0 : 1;
    }
  }

  static String checkText(JsonNode c) {
    if (c.path("checkedAt").isNull()) {
      return c.path("server").asText() + ": kept points not checked yet (nearline restorability "
          + "check " + c.path("server").asText() + ")\n";
    }
    StringBuilder b = new StringBuilder(c.path("server").asText() + ": " + c.path("points")
        .asInt() + " kept points checked at " + c.path("checkedAt").asText() + ", "
        + c.path("redPoints").asInt() + " red\n");
    for (JsonNode p : c.path("results")) {
      b.append(String.format("  %-7s %-14s baseline %-14s %4d files%s%n",
          p.path("problems").isEmpty() ? "green" : "RED", p.path("point").asText(),
          p.path("baselineEnd").asText(), p.path("files").asInt(), p.path("problems").isEmpty()
              ? "" : ": " + String.join("; ", iterable(p.path("problems")))));
    }
    JsonNode o = c.path("opened");
    if (!o.isMissingNode() && !o.isNull()) {
      b.append("  last opened: ").append(o.path("point").asText()).append(" at ")
          .append(o.path("at").asText()).append(": ").append(o.path("passed").asBoolean()
              ? "passed" : "FAILED").append(" (").append(o.path("note").asText()).append(")\n");
    }
    return b.toString();
  }

  static String policy(JsonNode p) {
    return "every log file for " + p.path("allLogFor").asText() + "; daily "
        + p.path("daily").asInt() + ", weekly " + p.path("weekly").asInt() + ", monthly "
        + p.path("monthly").asInt() + ", yearly " + p.path("yearly").asInt();
  }

  static String text(JsonNode plan) {
    StringBuilder b = new StringBuilder();
    b.append(plan.path("server").asText()).append(" at ").append(plan.path("at").asText())
        .append(": ").append(policy(plan.path("policy"))).append('\n');
    b.append("kept points:\n");
    for (JsonNode k : plan.path("keptPoints")) {
      b.append(String.format("  %-14s baseline %-5s %4d files %s .. %s  (%s)%n",
          k.path("point").asText(), k.path("baselineId").asText(), k.path("files").asInt(),
          k.path("firstFile").asText("-"), k.path("lastFile").asText("-"),
          String.join("; ", iterable(k.path("reasons")))));
    }
    b.append(String.format("removes %d log files (%d MiB)%s and %d baselines; keeps %d log "
            + "files (%d MiB)%n", plan.path("removedFiles").asInt(),
        plan.path("removedFileBytes").asLong() >> 20, plan.hasNonNull("firstRemovedFile")
            ? ", " + plan.path("firstRemovedFile").asText() + " .. "
            + plan.path("lastRemovedFile").asText() : "", plan.path("removedBaselines").size(),
        plan.path("keptFiles").asInt(), plan.path("keptFileBytes").asLong() >> 20));
    return b.toString();
  }

  private static Iterable<String> iterable(JsonNode array) {
    java.util.List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}

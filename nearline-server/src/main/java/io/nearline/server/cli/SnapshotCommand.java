package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code nearline snapshot}: read-only servers of a protected database at past points. */
@Command(name = "snapshot", description = "Open a read-only server of a protected database at "
    + "any point kept: built from the nearest baseline and replayed to the point.")
final class SnapshotCommand {
  @ParentCommand Main main;

  /** Exactly one point. */
  static final class Point {
    @Option(names = "--time", paramLabel = "TIME", description = "ISO-8601: the last commit at "
        + "or before it.") String time;
    @Option(names = "--lsn", paramLabel = "POSITION", description = "A log position.")
    String lsn;
    @Option(names = "--xid", paramLabel = "XID", description = "Just after this transaction "
        + "commits.") String xid;
    @Option(names = "--tag", paramLabel = "NAME", description = "A tagged recovery point.")
    String tag;
  }

  @Command(name = "open", description = "Open a snapshot; waits, showing progress, and prints "
      + "how to connect. Exits 1 if it cannot be opened.")
  int open(@Parameters(paramLabel = "SERVER") String server,
      @ArgGroup(exclusive = true, multiplicity = "1") Point point,
      @Option(names = "--ttl", paramLabel = "DURATION", description = "How long it stays open "
          + "(ISO-8601, such as PT2H; the server's default otherwise).") String ttl,
      @Option(names = "--no-wait", description = "Print its id and return at once.")
      boolean noWait) throws InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("time", point.time);
    body.put("lsn", point.lsn);
    body.put("xid", point.xid);
    body.put("tag", point.tag);
    body.put("ttl", ttl);
    JsonNode s = main.client().post("/api/servers/" + server + "/snapshots", body);
    long id = s.path("id").asLong();
    if (noWait) {
      System.out.println("snapshot " + id);
      return 0;
    }
    String shown = "";
    while ("OPENING".equals(s.path("state").asText())) {
      String line = progress(s);
      if (!line.equals(shown)) {
        System.err.println(line);
        shown = line;
      }
      Thread.sleep(250);
      s = main.client().get("/api/snapshots/" + id);
    }
    System.out.print(text(s));
    return "OPEN".equals(s.path("state").asText()) ? 0 : 1;
  }

  private static String progress(JsonNode s) {
    String line = Terminal.ellipsis() + " " + s.path("detail").asText();
    if (s.hasNonNull("bytesLeft")) {
      line += String.format(java.util.Locale.ROOT, ": at %s, %d MiB to go%s",
          s.path("replayed").asText(), s.path("bytesLeft").asLong() >> 20,
          s.hasNonNull("secondsLeft") ? String.format(java.util.Locale.ROOT, ", about %.0f s",
              s.path("secondsLeft").asDouble()) : "");
    }
    return line;
  }

  @Command(name = "list", description = "Snapshots open and opening, and those ended in the "
      + "last day.")
  int list(@Option(names = "--server", description = "Only this server's.") String server) {
    JsonNode all = main.client().get("/api/snapshots" + (server == null ? "" : "?server="
        + server));
    System.out.printf("%5s %-12s %-8s %6s %-40s %s%n", "ID", "SERVER", "STATE", "PORT", "POINT",
        "EXPIRES");
    for (JsonNode s : all) {
      System.out.printf("%5s %-12s %-8s %6s %-40s %s%n", s.path("id").asText(),
          s.path("server").asText(), s.path("state").asText(), s.path("port").asText(),
          s.path("askedFor").asText(), s.path("expiresAt").asText());
    }
    return 0;
  }

  @Command(name = "show", description = "Print a snapshot.")
  int show(@Parameters(paramLabel = "ID") long id) {
    System.out.print(text(main.client().get("/api/snapshots/" + id)));
    return 0;
  }

  @Command(name = "restore-item", description = "Copy a table, or the rows of it a predicate "
      + "selects, from an open snapshot into the primary (or the server --into names) under a "
      + "new name, touching nothing else; prints where the rows went and how many.")
  int restoreItem(@Parameters(paramLabel = "ID") long id,
      @Option(names = "--table", required = true, paramLabel = "SCHEMA.TABLE") String table,
      @Option(names = "--where", paramLabel = "PREDICATE", description = "Only these rows "
          + "(SQL, evaluated on the snapshot).") String where,
      @Option(names = "--into", paramLabel = "CONNECTION", description = "primary (the "
          + "default), or a libpq connection string such as the standby's.") String into,
      @Option(names = "--as", required = true, paramLabel = "NEW_NAME", description = "The new "
          + "table; it must not exist.") String as) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("table", table);
    body.put("where", where);
    body.put("into", into);
    body.put("as", as);
    JsonNode r = main.client().post("/api/snapshots/" + id + "/restore-item", body);
    System.out.println(r.path("rows").asLong() + " rows of " + r.path("table").asText()
        + " at " + r.path("point").asText() + " restored to " + r.path("target").asText());
    return 0;
  }

  @Command(name = "drop", description = "Stop and remove a snapshot.")
  int drop(@Parameters(paramLabel = "ID") long id) {
    System.out.print(text(main.client().delete("/api/snapshots/" + id)));
    return 0;
  }

  static String text(JsonNode s) {
    StringBuilder b = new StringBuilder();
    b.append("snapshot ").append(s.path("id").asText()).append(" of ")
        .append(s.path("server").asText()).append(" at ").append(s.path("askedFor").asText())
        .append(": ").append(s.path("state").asText().toLowerCase(java.util.Locale.ROOT))
        .append('\n');
    b.append("  ").append(s.path("detail").asText()).append('\n');
    if (s.hasNonNull("connection")) {
      b.append("  connect: psql \"").append(s.path("connection").asText())
          .append("\"  (read-only, until ").append(s.path("expiresAt").asText()).append(")\n");
    }
    return b.toString();
  }
}

package io.nearline.drills.postgres;

import io.nearline.drills.probe.Probe;
import io.nearline.drills.probe.ProbeResult;
import io.nearline.drills.probe.ProbeRun;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.shadow.postgres.PostgresConnector;
import java.util.Set;

/** A query with, optionally, the result it must give (rows on lines, columns split by |). */
public final class SqlProbe implements Probe {
  @Override
  public String kind() {
    return "sql";
  }

  @Override
  public Set<String> applications() {
    return Set.of(PostgresConnector.KIND);
  }

  @Override
  public ProbeResult run(ProbeSpec spec, ProbeRun run) throws Exception {
    DrillServer server = run.server();
    String got = Sql.rows(server, spec.sql(), run.timeout());
    String evidence = spec.sql() + "\n--\n" + got;
    if (spec.expect() == null) {
      return ProbeResult.passed("the query ran", evidence);
    }
    String expected = spec.expect().strip();
    return got.strip().equals(expected) ? ProbeResult.passed("gave " + oneLine(expected),
        evidence) : ProbeResult.failed("expected " + oneLine(expected) + ", got "
        + oneLine(got), evidence);
  }

  private static String oneLine(String rows) {
    String line = rows.replace("\n", " / ");
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }
}

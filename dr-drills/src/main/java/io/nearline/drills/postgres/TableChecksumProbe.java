package io.nearline.drills.postgres;

import io.nearline.drills.probe.Probe;
import io.nearline.drills.probe.ProbeResult;
import io.nearline.drills.probe.ProbeRun;
import io.nearline.common.json.Json;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.shadow.postgres.PostgresConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Row counts and checksums of chosen tables on the service under test, equal to the
 * surrogate's at the drill's recovery point. The checksum adds up 60 bits of each row's MD5, so
 * it does not depend on the order rows are stored in, and needs no memory for big tables.
 */
public final class TableChecksumProbe implements Probe {
  @Override
  public String kind() {
    return "table-checksum";
  }

  @Override
  public Set<String> applications() {
    return Set.of(PostgresConnector.KIND);
  }

  @Override
  public String reference(ProbeSpec spec, DrillServer surrogate, Duration timeout)
      throws Exception {
    return Json.write(figures(spec, surrogate, timeout));
  }

  @Override
  public ProbeResult run(ProbeSpec spec, ProbeRun run) throws Exception {
    DrillServer server = run.server();
    Map<String, String> expected = run.reference() == null ? Map.of()
        : Json.read(run.reference(), Figures.class).tables();
    Map<String, String> got = figures(spec, server, run.timeout()).tables();
    List<String> differ = new ArrayList<>();
    StringBuilder evidence = new StringBuilder("table: surrogate at the point / under test\n");
    for (String table : spec.tables()) {
      String want = expected.get(table);
      String have = got.get(table);
      evidence.append(table).append(": ").append(want).append(" / ").append(have).append('\n');
      if (want == null || !want.equals(have)) {
        differ.add(table);
      }
    }
    return differ.isEmpty() ? ProbeResult.passed(spec.tables().size() + " tables equal the "
        + "surrogate's at the point", evidence.toString()) : ProbeResult.failed("differ from "
        + "the surrogate's at the point: " + String.join(", ", differ), evidence.toString());
  }

  /** Each table's {@code rows=N checksum=X}. */
  public record Figures(Map<String, String> tables) {
  }

  private static Figures figures(ProbeSpec spec, DrillServer server, Duration timeout)
      throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    // Table names are checked when the policy is saved (ProbeSpec): they go into SQL as they are.
    for (String table : spec.tables()) {
      // The alias is unlikely as a column name: a column named like it would be hashed alone.
      String row = Sql.rows(server, "SELECT count(*), coalesce(sum(('x' || substr(md5("
          + "nearline_row::text), 1, 15))::bit(60)::bigint), 0) FROM " + table
          + " nearline_row", timeout);
      String[] parts = row.split("\\|");
      out.put(table, "rows=" + parts[0] + " checksum=" + parts[1]);
    }
    return new Figures(out);
  }
}

package io.nearline.recovery.postgres;

import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A migration's dump path, with writes stopped on the old server: each database's data copied
 * to the new cluster (whose schema migrate-schema loaded) by {@link TableCopy}, then every
 * table and the large objects compared, count and checksum. A rollback copies it back the same
 * way ({@link #copyBack}), with writes refused on the new version.
 */
final class DumpPath {
  static final String KIND = "data-copy";
  /** What the steps that precede the window do on this path. */
  static final StepOutcome NOT_YET = StepOutcome.of("nothing yet: on the dump path the data is "
      + "copied, and compared, once writes are stopped");

  private DumpPath() {
  }

  static List<Change> plan(MigrationServers servers) throws Exception {
    List<Change> changes = new ArrayList<>();
    for (String db : servers.databases()) {
      changes.add(new Change(KIND, db, null, "copied from " + servers.sourceName() + " to "
          + servers.targetName() + " while writes are stopped: tables, large objects, "
          + "sequences"));
    }
    return changes;
  }

  static StepOutcome copy(StepContext context, MigrationServers servers) throws Exception {
    long started = System.nanoTime();
    long bytes = 0;
    int objects = 0;
    int sequences = 0;
    for (Change change : plan(servers)) {
      String db = change.target();
      context.record(change);
      TableCopy.Copied copied = TableCopy.copy(servers.source(db), servers.target(db));
      bytes += copied.bytes();
      objects += copied.largeObjects();
      sequences += copied.sequences();
      // A freshly loaded database has no statistics: its first queries would be planned blind.
      MigrationSql.execute(servers.target(db), "ANALYZE");
    }
    long copied = System.nanoTime();
    int tables = 0;
    long rows = 0;
    List<String> differences = new ArrayList<>();
    for (String db : servers.databases()) {
      MigrationSql.Comparison c = compare(servers, db, false);
      c.differences().forEach(d -> differences.add(db + "." + d));
      tables += c.tables();
      rows += c.rows();
    }
    if (!differences.isEmpty()) {
      throw new IllegalStateException("the new cluster differs from the old server after the "
          + "copy: " + String.join("; ", differences) + ". Nothing has moved: retry, or roll "
          + "back (the old server takes writes again)");
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("path", "dump");
    facts.put("copySeconds", Verify.seconds(Duration.ofNanos(copied - started)));
    facts.put("copiedBytes", String.valueOf(bytes));
    facts.put("largeObjectsCopied", String.valueOf(objects));
    facts.put("verifySeconds", Verify.seconds(Duration.ofNanos(System.nanoTime() - copied)));
    facts.put("tablesVerified", String.valueOf(tables));
    facts.put("rowsVerified", String.valueOf(rows));
    facts.put("sequencesCarried", String.valueOf(sequences));
    return new StepOutcome(String.format(java.util.Locale.ROOT, "%.1f MB copied to %s in %s "
        + "s; %d tables (%d rows) and %d large object(s) equal by count and checksum, %d "
        + "sequences carried across", bytes / 1e6, servers.targetName(),
        facts.get("copySeconds"), tables, rows, objects, sequences), facts);
  }

  /**
   * The rollback's way back on this path: with writes refused on the new version, each
   * database copied back whole to the old server (unlogged tables and large objects too,
   * which logical replication would not carry), then compared.
   */
  static void copyBack(MigrationServers servers) throws Exception {
    for (String db : servers.databases()) {
      TableCopy.copy(servers.target(db), servers.source(db));
      MigrationSql.Comparison c = compare(servers, db, true);
      if (!c.differences().isEmpty()) {
        throw new IllegalStateException("the old server differs from " + servers.targetName()
            + " after copying back " + db + ": " + String.join("; ", c.differences())
            + ". Clients stay off both; fix it, then ask for the rollback again");
      }
    }
  }

  /** Every table and the large objects of one database, on both sides. */
  private static MigrationSql.Comparison compare(MigrationServers servers, String db,
      boolean back) throws Exception {
    MigrationSql.Comparison c = back
        ? MigrationSql.compare(servers.target(db), servers.source(db), servers.targetName(),
            "the old server")
        : MigrationSql.compare(servers.source(db), servers.target(db), "the old server",
            servers.targetName());
    String here = MigrationSql.largeObjects(servers.source(db));
    String there = MigrationSql.largeObjects(servers.target(db));
    if (here.equals(there)) {
      return c;
    }
    List<String> differences = new ArrayList<>(c.differences());
    differences.add("large objects: " + here + " on the old server, " + there + " on "
        + servers.targetName());
    return new MigrationSql.Comparison(c.tables(), c.rows(), differences);
  }
}

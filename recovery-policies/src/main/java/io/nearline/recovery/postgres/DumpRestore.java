package io.nearline.recovery.postgres;

import io.nearline.common.process.Program;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.shadow.postgres.ConnectionString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A migration's dump path, with writes stopped on the old server: each database's data dumped
 * by the old version's pg_dump and streamed into pg_restore on the new cluster (whose schema
 * migrate-schema loaded), in one transaction per database, triggers held off so that foreign
 * keys do not care about the order of tables. Then every table and the large objects are
 * compared, count and checksum, and the sequences carried (the dump sets them too). A retry empties the database
 * first, so that the data is there once.
 */
final class DumpRestore {
  static final String KIND = "data-dump";
  /** What the steps that precede the window do on this path. */
  static final StepOutcome NOT_YET = StepOutcome.of("nothing yet: on the dump path the data is "
      + "copied, and compared, once writes are stopped");
  /** A day covers some hundreds of gigabytes. */
  private static final Duration LIMIT = Duration.ofHours(24);
  /** Dumped into restore, nothing in between: a failure of either fails the pipe. */
  private static final String PIPE = "set -o pipefail; \"$1\" -d \"$2\" --data-only "
      + "--format=custom | \"$3\" -d \"$4\" --data-only --disable-triggers --single-transaction "
      + "--exit-on-error";

  private DumpRestore() {
  }

  static List<Change> plan(MigrationServers servers) throws Exception {
    List<Change> changes = new ArrayList<>();
    for (String db : servers.databases()) {
      changes.add(new Change(KIND, db, null, "dumped from " + servers.sourceName()
          + " and restored on " + servers.targetName() + " while writes are stopped"));
    }
    return changes;
  }

  static StepOutcome copy(StepContext context, MigrationServers servers, PgSurrogate tools)
      throws Exception {
    long started = System.nanoTime();
    long bytes = 0;
    for (Change change : plan(servers)) {
      String db = change.target();
      context.record(change);
      ConnectionString target = servers.target(db);
      empty(target);
      Program.of("bash", "-c", PIPE, "dump-restore", tools.pgBin() + "/pg_dump",
          servers.source(db).toString(), tools.pgBin() + "/pg_restore", target.toString())
          .asUser(tools.osUser()).timeout(LIMIT).run();
      // A freshly loaded database has no statistics: its first queries would be planned blind.
      MigrationSql.execute(target, "ANALYZE");
      bytes += Long.parseLong(MigrationSql.one(servers.source(db),
          "SELECT pg_database_size(current_database())"));
    }
    long copied = System.nanoTime();
    List<String> differences = new ArrayList<>();
    int tables = 0;
    long rows = 0;
    int sequences = 0;
    for (String db : servers.databases()) {
      MigrationSql.Comparison c = MigrationSql.compare(servers.source(db), servers.target(db),
          "the old server", servers.target().name());
      c.differences().forEach(d -> differences.add(db + "." + d));
      tables += c.tables();
      rows += c.rows();
      String objects = MigrationSql.largeObjects(servers.source(db));
      String there = MigrationSql.largeObjects(servers.target(db));
      if (!objects.equals(there)) {
        differences.add(db + ": " + objects + " on the old server, " + there + " on "
            + servers.targetName());
      }
    }
    if (!differences.isEmpty()) {
      throw new IllegalStateException("the new cluster differs from the old server after the "
          + "dump and restore: " + String.join("; ", differences) + ". Nothing has moved: "
          + "retry, or roll back (the old server takes writes again)");
    }
    long verified = System.nanoTime();
    for (String db : servers.databases()) {
      sequences += MigrationSql.carrySequences(servers.source(db), servers.target(db));
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("path", "dump");
    facts.put("copySeconds", Verify.seconds(Duration.ofNanos(copied - started)));
    facts.put("copiedBytes", String.valueOf(bytes));
    facts.put("verifySeconds", Verify.seconds(Duration.ofNanos(verified - copied)));
    facts.put("tablesVerified", String.valueOf(tables));
    facts.put("rowsVerified", String.valueOf(rows));
    facts.put("sequencesCarried", String.valueOf(sequences));
    return new StepOutcome(String.format(java.util.Locale.ROOT, "%.1f MB dumped and restored "
        + "on %s in %s s; %d tables (%d rows) equal by count and checksum, %d sequences "
        + "carried across", bytes / 1e6, servers.targetName(), facts.get("copySeconds"),
        tables, rows, sequences), facts);
  }

  /** Before a load (a retry's too): every table emptied, the large objects gone. */
  private static void empty(ConnectionString db) throws Exception {
    List<String> tables = MigrationSql.tables(db);
    if (!tables.isEmpty()) {
      MigrationSql.execute(db, "TRUNCATE " + String.join(", ", tables) + " CASCADE");
    }
    MigrationSql.execute(db, "SELECT lo_unlink(oid) FROM pg_largeobject_metadata");
  }
}

package io.nearline.recovery.postgres;

import io.nearline.common.process.Program;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.shadow.postgres.ConnectionString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Migration: the old server's roles, databases and schema (no rows) on the new cluster, dumped
 * by the old version's own pg_dump on the near-line host and loaded database by database, each
 * in one transaction, so that a load cut short leaves nothing half-made.
 */
final class MigrateSchema implements RecoveryStep {
  static final String KIND = "schema";
  private final RecoveryEnvironment environment;

  MigrateSchema(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.MIGRATE_SCHEMA;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    MigrationServers servers = MigrationServers.forPlan(environment, context);
    List<Change> changes = new ArrayList<>();
    for (String db : servers.databases()) {
      changes.add(new Change(KIND, servers.target().name() + "/" + db, null,
          MigrationSql.tables(servers.source(db)).size() + " tables, schema only"));
    }
    return changes;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    MigrationServers servers = MigrationServers.of(environment, context);
    PgSurrogate tools = PgSurrogate.of(environment, context.pair().primary());
    long started = System.nanoTime();
    String roles = run(tools, Program.of(tools.pgBin() + "/pg_dumpall", "-d",
        servers.source().toString(), "--roles-only"));
    // The account Nearline connects as is there already (initdb made it): that error is
    // expected, and the roles' attributes and passwords still follow.
    run(tools, Program.of(tools.pgBin() + "/psql", "-d", servers.target("postgres")
        .toString(), "-X", "-q", "-f", "-").input(roles));
    List<String> loaded = new ArrayList<>();
    String marker = "schema loaded by Nearline's migration run " + context.run();
    for (Change change : plan(context)) {
      String db = change.target().substring(change.target().indexOf('/') + 1);
      ConnectionString target = servers.target(db);
      if (MigrationSql.one(servers.targetSql(), "SELECT 1 FROM pg_database WHERE datname = "
          + MigrationSql.literal(db)) == null) {
        MigrationSql.execute(servers.targetSql(), createDatabase(servers.source(), db));
      }
      if (marker.equals(MigrationSql.one(servers.targetSql(), "SELECT shobj_description(oid, "
          + "'pg_database') FROM pg_database WHERE datname = " + MigrationSql.literal(db)))) {
        continue; // loaded by an earlier attempt: its one transaction committed
      }
      context.record(change);
      String schema = run(tools, Program.of(tools.pgBin() + "/pg_dump", "-d",
          servers.source(db).toString(), "--schema-only", "--no-publications",
          "--no-subscriptions", "--no-tablespaces"));
      // The mark goes in the same transaction: there is the schema and the mark, or neither.
      run(tools, Program.of(tools.pgBin() + "/psql", "-d", target.toString(), "-X", "-q",
          "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-").input(schema
          + "\nCOMMENT ON DATABASE " + MigrationSql.ident(db) + " IS "
          + MigrationSql.literal(marker) + ";\n"));
      loaded.add(db);
    }
    String seconds = Verify.seconds(Duration.ofNanos(System.nanoTime() - started));
    return new StepOutcome("schema of " + loaded.size() + " database(s) loaded on "
        + servers.targetName() + " in " + seconds + " s", Map.of("schemaSeconds", seconds));
  }

  /** The database as the old server has it: owner, encoding and locale. */
  private static String createDatabase(ConnectionString source, String db) throws Exception {
    String spec = MigrationSql.one(source, "SELECT format('OWNER %I ENCODING %L LC_COLLATE %L "
        + "LC_CTYPE %L', pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datcollate, "
        + "datctype) FROM pg_database WHERE datname = " + MigrationSql.literal(db));
    return "CREATE DATABASE " + MigrationSql.ident(db) + " TEMPLATE template0 " + spec;
  }

  private static String run(PgSurrogate tools, Program program) throws Exception {
    return program.asUser(tools.osUser()).timeout(Duration.ofHours(1)).maxOutput(256 << 20)
        .run();
  }

  @Override
  public void undo(StepContext context, List<Change> changes) {
    // The schema goes with the cluster, which migrate-target moves aside.
  }
}

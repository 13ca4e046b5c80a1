package io.nearline.recovery.postgres;

import io.nearline.recovery.Standby;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.StepContext;
import io.nearline.shadow.postgres.ConnectionString;
import io.nearline.shadow.postgres.PostgresConnector;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The two servers of a migration run: the old one (the protected primary, reached as Nearline
 * protects it; in a rehearsal, the promoted sandbox clone of its surrogate) and the new-version
 * target, reached on its client address as the same account.
 */
record MigrationServers(ConnectionString source, PgServer target, ConnectionString targetSql) {

  static MigrationServers of(RecoveryEnvironment environment, StepContext context)
      throws Exception {
    ConnectionString source;
    if (context.plan().isDrill()) {
      DrillServer sandbox = DrillServer.fromFacts(context.factsOf(PostgresSteps.DRILL_PROMOTE),
          DrillServer.UNDER_TEST);
      if (sandbox == null) {
        throw new IllegalStateException("the rehearsal's sandbox has not been promoted");
      }
      source = ConnectionString.parse("host=" + sandbox.host() + " port=" + sandbox.port()
          + " user=" + sandbox.user() + " dbname=" + sandbox.database());
    } else {
      return ofPrimary(environment, context.pair().primary(), context.pair().standby());
    }
    return between(source, context.pair().standby());
  }

  /** The protected server, reached as Nearline protects it, and the target. */
  static MigrationServers ofPrimary(RecoveryEnvironment environment, String server,
      Standby target) throws Exception {
    return between(ConnectionString.parse(environment.primaryConnection(server)), target);
  }

  private static MigrationServers between(ConnectionString source, Standby target) {
    PgServer server = PgServer.of(target);
    return new MigrationServers(source, server, MigrationSql.target(server, source));
  }

  /**
   * The same, for a dry run: a rehearsal's sandbox does not exist yet then, and what it would
   * hold is read from the primary instead (reads only).
   */
  static MigrationServers forPlan(RecoveryEnvironment environment, StepContext context)
      throws Exception {
    if (context.plan().isDrill() && context.factsOf(PostgresSteps.DRILL_PROMOTE).isEmpty()) {
      return ofPrimary(environment, context.pair().primary(), context.pair().standby());
    }
    return of(environment, context);
  }

  /** The databases that move: the old server's, every one clients can use. */
  List<String> databases() throws SQLException {
    return MigrationSql.databases(source);
  }

  ConnectionString source(String db) {
    return MigrationSql.in(source, db);
  }

  ConnectionString target(String db) {
    return MigrationSql.in(targetSql, db);
  }

  String sourceName() {
    return "the old server (" + source.describe() + ")";
  }

  /** What the target's probes reach in a rehearsal: the new version, as the drill's server. */
  Map<String, String> underTest(String tools) {
    return new DrillServer(PostgresConnector.KIND, target.clientHost(), target.pgPort(),
        source.dbname(), source.user(), tools).facts(DrillServer.UNDER_TEST);
  }

  String targetName() {
    return target.name() + " (" + targetSql.describe() + ")";
  }
}

package io.nearline.recovery.postgres;

import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.StepContext;
import io.nearline.shadow.postgres.ConnectionString;
import java.sql.SQLException;
import java.util.List;

/**
 * The two servers of a migration run: the old one (the protected primary, reached as Nearline
 * protects it) and the new-version target, reached on its client address as the same account.
 */
record MigrationServers(ConnectionString source, PgServer target, ConnectionString targetSql) {

  static MigrationServers of(RecoveryEnvironment environment, StepContext context)
      throws Exception {
    ConnectionString source = ConnectionString.parse(
        environment.primaryConnection(context.pair().primary()));
    PgServer target = PgServer.of(context.pair().standby());
    return new MigrationServers(source, target, MigrationSql.target(target, source));
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

  String targetName() {
    return target.name() + " (" + targetSql.describe() + ")";
  }
}

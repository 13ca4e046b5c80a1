package io.nearline.recovery.postgres;

import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryEnvironment.SurrogateAccess;
import io.nearline.shadow.postgres.ConnectionString;
import io.nearline.shadow.postgres.Lsn;
import io.nearline.shadow.postgres.PgCommand;
import java.time.Instant;

/**
 * A protected server's surrogate, as PostgreSQL steps copy from it.
 *
 * @param port its loopback port
 * @param user the database user Nearline connects as (may take backups)
 * @param dbname the primary's database
 * @param pgBin the PostgreSQL binaries of its version
 * @param osUser the account it runs as
 * @param majorVersion e.g. {@code 15}
 * @param replayed where replay stands; null for a surrogate held stopped since Nearline started
 * @param replayedAt the last replayed commit
 * @param held held stopped by an instant copy or a drill
 */
record PgSurrogate(int port, String user, String dbname, String pgBin, String osUser,
    int majorVersion, Lsn replayed, Instant replayedAt, boolean held) {

  static PgSurrogate of(RecoveryEnvironment environment, String server) throws Exception {
    SurrogateAccess s = environment.surrogate(server);
    ConnectionString cs = ConnectionString.parse(s.connection());
    String version = s.identity().version();
    return new PgSurrogate(cs.port(), cs.user(), cs.dbname(),
        PgCommand.binaries(version).toString(), s.osUser(),
        Integer.parseInt(PgCommand.majorVersion(version)),
        s.replayed() == null ? null : Lsn.of(s.replayed()), s.replayedAt(), s.held());
  }

  /** The same surrogate, replayed to {@code replayed} at {@code replayedAt}. */
  PgSurrogate at(Lsn replayed, Instant replayedAt) {
    return new PgSurrogate(port, user, dbname, pgBin, osUser, majorVersion, replayed,
        replayedAt, held);
  }

  /** How a client on this host connects to it. */
  ConnectionString connection() {
    return ConnectionString.parse("host=127.0.0.1 port=" + port + " user=" + user + " dbname="
        + dbname);
  }
}

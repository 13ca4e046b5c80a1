package io.nearline.shadow.postgres;

import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.IdentityUnavailableException;
import io.nearline.shadow.LogFormat;
import io.nearline.shadow.Position;
import io.nearline.shadow.PrimaryConnection;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.Shadowing;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** PostgreSQL 13 to 17, collected from a WAL archive written by {@code archive_command}. */
public final class PostgresConnector implements ApplicationConnector {
  public static final String KIND = "postgresql";
  private static final String IDENTITY_QUERY = """
      SELECT (SELECT system_identifier FROM pg_control_system())::text,
             (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'),
             current_setting('server_version')""";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public ServerIdentity identify(String connection) throws IdentityUnavailableException {
    ConnectionString cs = ConnectionString.parse(connection);
    try (Connection c = cs.open("nearline", 10, 30); Statement s = c.createStatement();
         ResultSet r = s.executeQuery(IDENTITY_QUERY)) {
      r.next();
      return new ServerIdentity(r.getString(1), Long.parseLong(r.getString(2)), r.getString(3));
    } catch (SQLException e) {
      throw new IdentityUnavailableException(
          "cannot ask the primary (" + cs.describe() + ") for its identity: " + e.getMessage(), e);
    }
  }

  @Override
  public LogFormat<SegmentName> logFormat(ServerIdentity identity) {
    return new PostgresLogFormat(identity);
  }

  @Override
  public Position parsePosition(String text) {
    return Lsn.parse(text);
  }

  @Override
  public PrimaryConnection connect(String connection, String purpose)
      throws IdentityUnavailableException {
    ConnectionString cs = ConnectionString.parse(connection);
    try {
      // Short timeouts: a dead primary must not hold whoever watches it.
      return new PostgresPrimaryConnection(cs.open(purpose, 2, 5), cs.describe());
    } catch (SQLException e) {
      throw new IdentityUnavailableException("cannot reach the primary (" + cs.describe()
          + "): " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Shadowing> shadowing(ServerIdentity identity) {
    return Optional.of(new PostgresShadowing(identity));
  }
}

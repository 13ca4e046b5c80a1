package io.nearline.shadow.postgres;

import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.IdentityUnavailableException;
import io.nearline.shadow.LogFormat;
import io.nearline.shadow.ServerIdentity;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL 13 to 17, collected from a WAL archive written by {@code archive_command}. */
public final class PostgresConnector implements ApplicationConnector {
  private static final String IDENTITY_QUERY = """
      SELECT (SELECT system_identifier FROM pg_control_system())::text,
             (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'),
             current_setting('server_version')""";

  @Override
  public String kind() {
    return "postgresql";
  }

  @Override
  public ServerIdentity identify(String connection) throws IdentityUnavailableException {
    ConnectionString cs = ConnectionString.parse(connection);
    try (Connection c = DriverManager.getConnection(cs.jdbcUrl(), cs.properties());
         Statement s = c.createStatement();
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
  public java.util.Optional<io.nearline.shadow.Shadowing> shadowing(ServerIdentity identity) {
    return java.util.Optional.of(new PostgresShadowing(identity));
  }
}

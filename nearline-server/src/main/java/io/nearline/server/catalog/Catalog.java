package io.nearline.server.catalog;

import io.nearline.recovery.journal.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** The embedded catalog database. Opening it applies any pending schema migration. */
public final class Catalog implements Database, AutoCloseable {
  private final String url;

  private Catalog(String url) {
    this.url = url;
  }

  public static Catalog open(Path directory) {
    System.setProperty("derby.stream.error.file",
        directory.resolveSibling("derby.log").toString());
    String url = "jdbc:derby:" + directory.toAbsolutePath() + ";create=true";
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration")
        .load().migrate();
    return new Catalog(url);
  }

  /** A new connection in auto-commit mode; Derby embedded connections are cheap. */
  @Override
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public <T> T inTransaction(SqlWork<T> work) throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** One INSERT, UPDATE or DELETE on a connection the caller holds (in a transaction). */
  public static int update(Connection c, String sql, Object... args) throws SQLException {
    try (java.sql.PreparedStatement s = Database.prepare(c, sql, args)) {
      return s.executeUpdate();
    }
  }

  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @Override
  public void close() {
    try {
      DriverManager.getConnection(url.replace(";create=true", ";shutdown=true"));
    } catch (SQLException expected) {
      // Derby reports a clean shutdown as SQLState 08006.
    }
  }
}

package io.nearline.server.catalog;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Arguments;

/**
 * The embedded catalog database, reached through JDBI. Each module owns its schema: migrations
 * under {@code db/<module>/} in its own jar, versioned on their own and recorded in their own
 * history table ({@code <module>_schema_history}), so no version number is shared across jars.
 * Opening the catalog applies whatever is pending, module by module.
 */
public final class Catalog implements AutoCloseable {
  /** The server's own tables: {@code db/server}. */
  public static final String SCHEMA = "server";

  private final String url;
  private final Jdbi jdbi;

  private Catalog(String url) {
    this.url = url;
    this.jdbi = Jdbi.create(url);
    // A null bound without a Java type takes the column's own type: Derby refuses JDBC's OTHER.
    jdbi.getConfig(Arguments.class).setUntypedNullArgument((position, statement, context) ->
        statement.setNull(position, statement.getParameterMetaData().getParameterType(position)));
  }

  /** Opens (creating) the catalog in {@code directory} with the schemas of {@code modules}. */
  public static Catalog open(Path directory, List<String> modules) {
    System.setProperty("derby.stream.error.file",
        directory.resolveSibling("derby.log").toString());
    String url = "jdbc:derby:" + directory.toAbsolutePath() + ";create=true";
    Catalog catalog = new Catalog(url);
    LegacySchemaHistory.upgrade(catalog.jdbi, modules, catalog::migrations);
    for (String module : modules) {
      catalog.migrations(module).migrate();
    }
    return catalog;
  }

  /**
   * A module's migrations. The catalog holds other modules' tables before a new module's first
   * migration: its history then starts empty (at version 0) instead of being refused.
   */
  private Flyway migrations(String module) {
    return Flyway.configure().dataSource(url, null, null)
        .locations("classpath:db/" + module).table(module + "_schema_history")
        .baselineOnMigrate(true).baselineVersion("0").load();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** A connection of its own, for a library that manages its own (Quartz); close it. */
  public java.sql.Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
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

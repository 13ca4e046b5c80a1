package io.nearline.recovery;

import io.nearline.recovery.journal.Journal;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Arguments;

/** An embedded Derby catalog with this module's schema, in a test's temporary directory. */
public final class TestCatalog {
  private TestCatalog() {
  }

  public static Jdbi open(Path dir) {
    System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
    String url = "jdbc:derby:" + dir.resolve("catalog").toAbsolutePath() + ";create=true";
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/" + Journal.SCHEMA)
        .table(Journal.SCHEMA + "_schema_history").load().migrate();
    Jdbi jdbi = Jdbi.create(url);
    // As the server's catalog does: Derby refuses JDBC's OTHER for an untyped null.
    jdbi.getConfig(Arguments.class).setUntypedNullArgument((position, statement, context) ->
        statement.setNull(position, statement.getParameterMetaData().getParameterType(position)));
    return jdbi;
  }
}

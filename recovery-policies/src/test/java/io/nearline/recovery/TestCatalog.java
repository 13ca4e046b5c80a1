package io.nearline.recovery;

import io.nearline.recovery.journal.Database;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;

/** An embedded Derby catalog with this module's migration, in a test's temporary directory. */
public final class TestCatalog {
  private TestCatalog() {
  }

  public static Database open(Path dir) {
    System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
    String url = "jdbc:derby:" + dir.resolve("catalog").toAbsolutePath() + ";create=true";
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load()
        .migrate();
    return () -> DriverManager.getConnection(url);
  }
}

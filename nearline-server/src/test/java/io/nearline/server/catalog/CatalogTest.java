package io.nearline.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recovery.journal.Journal;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
  @TempDir Path dir;

  @Test
  void shouldMoveACatalogFromTheSharedSchemaHistoryToOneHistoryPerModule() {
    // A catalog as the first releases left it: the server's first two migrations recorded in
    // the one history table every jar shared, and a protected server in it.
    Path directory = dir.resolve("catalog");
    String url = "jdbc:derby:" + directory + ";create=true";
    Flyway.configure().dataSource(url, null, null).locations("classpath:db/server")
        .target("2").load().migrate();
    Jdbi.create(url).useHandle(h -> h.execute("INSERT INTO protected_server (name, kind, "
        + "share_url, share_user, share_secret, system_identifier, segment_size, app_version, "
        + "created_at) VALUES ('db1', 'postgresql', 'smb://h/s/', 'u', 'x', '1', 16777216, "
        + "'15', CURRENT_TIMESTAMP)"));

    try (Catalog catalog = Catalog.open(directory, List.of(Catalog.SCHEMA, Journal.SCHEMA))) {
      assertEquals("db1", new ProtectedServers(catalog).find("db1").orElseThrow().name(),
          "what the catalog held is kept");
      assertEquals(List.of("2", "3", "4", "5", "6", "7", "8", "9"), versions(catalog, "server"),
          "the server's history starts where it stood and its pending migrations ran");
      assertEquals(List.of("0", "1"), versions(catalog, "recovery"),
          "a module new to a catalog holding other tables starts its history at 0");
      new Tags(catalog).add(1, new Tags.TagRow("t", "0/1", java.time.Instant.now()));
      assertEquals(0, tables(catalog, "flyway_schema_history"), "the shared table is gone");
    }
    try (Catalog again = Catalog.open(directory, List.of(Catalog.SCHEMA, Journal.SCHEMA))) {
      assertEquals(List.of("2", "3", "4", "5", "6", "7", "8", "9"), versions(again, "server"),
          "opened again, nothing re-runs");
    }
  }

  private static List<String> versions(Catalog catalog, String module) {
    return catalog.jdbi().withHandle(h -> h.createQuery("SELECT \"version\" FROM \"" + module
        + "_schema_history\" ORDER BY \"installed_rank\"").mapTo(String.class).list());
  }

  private static int tables(Catalog catalog, String name) {
    return catalog.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM SYS.SYSTABLES "
        + "WHERE TABLENAME = :t").bind("t", name).mapTo(Integer.class).one());
  }
}

package io.nearline.server.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * Catalogs made before each module kept its own schema history recorded every migration in one
 * table, numbered across jars. Such a catalog is moved over once: each module's history starts
 * at the last of its migrations that had run, and the shared table is dropped.
 */
final class LegacySchemaHistory {
  private static final String TABLE = "flyway_schema_history";
  /** The shared version of each module migration: version → module and its own version. */
  private static final Map<Integer, Map.Entry<String, Integer>> MOVED = Map.of(
      1, Map.entry("server", 1), 2, Map.entry("server", 2), 3, Map.entry("recovery", 1),
      4, Map.entry("server", 3));

  private LegacySchemaHistory() {}

  static void upgrade(Jdbi jdbi, List<String> modules, Function<String, Flyway> migrations) {
    if (!exists(jdbi)) {
      return;
    }
    Map<String, Integer> reached = new HashMap<>();
    for (int version : jdbi.withHandle(h -> h.createQuery("SELECT CAST(\"version\" AS INT) FROM \""
        + TABLE + "\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL").mapTo(Integer.class)
        .list())) {
      Map.Entry<String, Integer> moved = MOVED.get(version);
      if (moved != null) {
        reached.merge(moved.getKey(), moved.getValue(), Math::max);
      }
    }
    reached.forEach((module, version) -> {
      if (modules.contains(module)) {
        Flyway.configure().configuration(migrations.apply(module).getConfiguration())
            .baselineVersion(String.valueOf(version))
            .baselineDescription("moved from " + TABLE).load().baseline();
      }
    });
    jdbi.useHandle(h -> h.execute("DROP TABLE \"" + TABLE + "\""));
  }

  private static boolean exists(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM SYS.SYSTABLES "
        + "WHERE UPPER(TABLENAME) = :t").bind("t", TABLE.toUpperCase()).mapTo(Integer.class)
        .one()) > 0;
  }
}

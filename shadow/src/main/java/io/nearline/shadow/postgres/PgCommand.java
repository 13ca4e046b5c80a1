package io.nearline.shadow.postgres;

import io.nearline.common.process.Program;
import io.nearline.common.process.ProgramException;
import io.nearline.shadow.ShadowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs PostgreSQL's own programs. PostgreSQL refuses to run as root: when Nearline is root the
 * programs run as {@code osUser}; otherwise as Nearline's own user.
 */
public final class PgCommand {
  private PgCommand() {}

  /**
   * The binaries for a server version ("15.18 (Debian …)"): {@code $NEARLINE_PG_BIN_<major>}
   * (a near-line host that keeps surrogates of two versions, as after a migration), else
   * {@code $NEARLINE_PG_BIN}, else Debian's layout for its major version.
   */
  public static Path binaries(String version) {
    String major = majorVersion(version);
    String fromEnv = System.getenv("NEARLINE_PG_BIN_" + major);
    fromEnv = fromEnv != null ? fromEnv : System.getenv("NEARLINE_PG_BIN");
    return fromEnv != null ? Path.of(fromEnv) : Path.of("/usr/lib/postgresql", major, "bin");
  }

  public static String majorVersion(String version) {
    return version.split("[.\\s]")[0];
  }

  static Path bin(String version, String program) {
    return binaries(version).resolve(program);
  }

  /** Runs to completion and returns the output; fails with its error output on a non-zero exit. */
  static String run(String osUser, long timeoutSeconds, String... args) throws ShadowException {
    try {
      return Program.of(List.of(args)).asUser(osUser)
          .timeout(Duration.ofSeconds(timeoutSeconds)).run();
    } catch (ProgramException e) {
      throw new ShadowException(e.getMessage(), e);
    }
  }

  /** Gives {@code path} and everything below it to {@code osUser} when Nearline is root. */
  static void own(Path path, String osUser) throws ShadowException {
    if (Program.isRoot() && osUser != null && Files.exists(path)) {
      run(null, 600, "chown", "-R", osUser + ":", path.toString());
    }
  }
}

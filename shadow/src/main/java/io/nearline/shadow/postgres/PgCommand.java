package io.nearline.shadow.postgres;

import io.nearline.shadow.ShadowException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs PostgreSQL's own programs. PostgreSQL refuses to run as root: when Nearline is root the
 * programs run as {@code osUser} through runuser; otherwise as Nearline's own user.
 */
public final class PgCommand {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private PgCommand() {}

  /**
   * The binaries for a server version ("15.18 (Debian …)"): {@code $NEARLINE_PG_BIN}, or
   * Debian's layout for its major version.
   */
  public static Path binaries(String version) {
    String fromEnv = System.getenv("NEARLINE_PG_BIN");
    return fromEnv != null ? Path.of(fromEnv)
        : Path.of("/usr/lib/postgresql", majorVersion(version), "bin");
  }

  public static String majorVersion(String version) {
    return version.split("[.\\s]")[0];
  }

  static Path bin(String version, String program) {
    return binaries(version).resolve(program);
  }

  /** Runs to completion and returns the output; fails with the output on a non-zero exit. */
  static String run(String osUser, long timeoutSeconds, String... args) throws ShadowException {
    List<String> command = new ArrayList<>();
    if (ROOT && osUser != null && !osUser.equals("root")) {
      command.addAll(List.of("runuser", "-u", osUser, "--"));
    }
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ShadowException(Path.of(args[0]).getFileName() + " did not finish in "
            + timeoutSeconds + " s");
      }
      if (p.exitValue() != 0) {
        throw new ShadowException(Path.of(args[0]).getFileName() + " failed (exit "
            + p.exitValue() + "): " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new ShadowException("cannot run " + args[0] + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShadowException("interrupted running " + args[0], e);
    }
  }

  /** Gives {@code path} and everything below it to {@code osUser} when Nearline is root. */
  static void own(Path path, String osUser) throws ShadowException {
    if (ROOT && osUser != null && Files.exists(path)) {
      run(null, 600, "chown", "-R", osUser + ":", path.toString());
    }
  }
}

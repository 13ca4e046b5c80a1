package io.nearline.shadow.postgres;

import io.nearline.shadow.ShadowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL server on the near-line host, driven with {@code pg_ctl} as its own account:
 * the surrogate and each snapshot are one.
 */
final class PgInstance {
  /** Log lines about recovery trouble; clients' own query errors are left out. */
  private static final List<String> TROUBLE = List.of("nearline wal-fetch", "restore_command",
      "FATAL:", "PANIC:", "invalid record", "invalid magic", "could not");

  private final Path data;
  private final Path log;
  private final String osUser;
  private final String version;
  private final String what;

  /**
   * @param what how errors name it: "the surrogate", "snapshot 3"
   */
  PgInstance(Path data, Path log, String osUser, String version, String what) {
    this.data = data;
    this.log = log;
    this.osUser = osUser;
    this.version = version;
    this.what = what;
  }

  Path data() {
    return data;
  }

  /**
   * Starts it without waiting for connections (a standby may take long to accept them), but
   * does not return before the postmaster has claimed its data folder: a stop right after the
   * start must see it running, not leave it starting.
   */
  void start() throws ShadowException {
    if (isRunning()) {
      return;
    }
    PgCommand.run(osUser, 60, pgCtl(), "-D", data.toString(), "-l", log.toString(), "-W",
        "start");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(data.resolve("postmaster.pid"))) {
      if (System.nanoTime() > deadline) {
        throw new ShadowException(what + " did not start; its log says: "
            + String.join(" | ", recentProblems()));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShadowException("interrupted while " + what + " was starting", e);
      }
    }
  }

  void stop() throws ShadowException {
    if (isRunning()) {
      PgCommand.run(osUser, 120, pgCtl(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }
  }

  boolean isRunning() {
    try {
      PgCommand.run(osUser, 30, pgCtl(), "-D", data.toString(), "status");
      return true;
    } catch (ShadowException notRunning) {
      return false;
    }
  }

  /** The latest lines of its log that explain trouble, newest last. */
  List<String> recentProblems() {
    try (var lines = Files.lines(log)) {
      List<String> all = lines.filter(l -> TROUBLE.stream().anyMatch(l::contains)).toList();
      return all.subList(Math.max(0, all.size() - 5), all.size());
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  private String pgCtl() {
    return PgCommand.bin(version, "pg_ctl").toString();
  }
}

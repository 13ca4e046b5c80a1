package io.nearline.testkit;

import io.nearline.common.process.Program;
import io.nearline.common.process.ProgramException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs for tests and samples through Nearline's own runner (declared programs only),
 * as the unprivileged user when asked; failures become unchecked, with the program's words.
 */
public final class Command {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private Command() {}

  /** Runs {@code args} and returns its standard output; fails with its output on a non-zero exit. */
  public static String run(Path dir, String... args) {
    return run(Program.of(List.of(args)).in(dir));
  }

  public static String runWithInput(Path dir, String input, String... args) {
    return run(Program.of(List.of(args)).in(dir).input(input));
  }

  /** Same as {@link #run} but as {@link UnprivilegedUser} when root. */
  public static String runUnprivileged(Path dir, String... args) {
    return run(Program.of(List.of(args)).in(dir).asUser(UnprivilegedUser.name()));
  }

  /** Starts a long-running program as {@link UnprivilegedUser}, output to {@code log}. */
  public static Process startUnprivileged(Path dir, Path log, List<String> args) {
    return start(Program.of(args).in(dir).asUser(UnprivilegedUser.name()), log);
  }

  public static Process start(Path dir, Path log, List<String> args) {
    return start(Program.of(args).in(dir), log);
  }

  /** Stops a server started with {@link #start}: politely, then forcibly after 10 seconds. */
  public static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        Program.stop(process);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Process start(Program program, Path log) {
    try {
      return program.start(log);
    } catch (ProgramException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static String run(Program program) {
    try {
      return program.timeout(TIMEOUT).run();
    } catch (ProgramException e) {
      throw new IllegalStateException(String.join(" ", e.command()) + ": " + e.getMessage(), e);
    }
  }
}

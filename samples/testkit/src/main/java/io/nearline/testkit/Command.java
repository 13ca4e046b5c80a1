package io.nearline.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion, as the unprivileged user when this process is root. */
public final class Command {
  private Command() {}

  /** Runs {@code args} and returns its standard output; fails with its output on a non-zero exit. */
  public static String run(Path dir, String... args) {
    return run(dir, null, List.of(args));
  }

  public static String runWithInput(Path dir, String input, String... args) {
    return run(dir, input, List.of(args));
  }

  /** Same as {@link #run} but as {@link UnprivilegedUser} when root. */
  public static String runUnprivileged(Path dir, String... args) {
    return run(dir, null, UnprivilegedUser.wrap(List.of(args)));
  }

  /** Starts a long-running program as {@link UnprivilegedUser}, output to {@code log}. */
  public static Process startUnprivileged(Path dir, Path log, List<String> args) {
    return start(dir, log, UnprivilegedUser.wrap(args));
  }

  public static Process start(Path dir, Path log, List<String> args) {
    try {
      return new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + args, e);
    }
  }

  /** Stops a server started with {@link #start}: politely, then forcibly after 10 seconds. */
  public static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String run(Path dir, String input, List<String> args) {
    try {
      Process p = new ProcessBuilder(new ArrayList<>(args)).directory(dir.toFile())
          .redirectErrorStream(true).start();
      if (input != null) {
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", args) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + args, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + args, e);
    }
  }
}

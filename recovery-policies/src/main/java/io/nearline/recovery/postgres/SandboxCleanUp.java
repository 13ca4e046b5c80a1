package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.LocalHost;
import io.nearline.recovery.standby.StandbyHost;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ends a sandbox drill: stops the sandbox, unmounts and deletes its clone, lets the surrogate
 * run again, and then checks that no process, port, mount or directory is left behind. Runs
 * after a failed step too, so it must cope with any part never having been made.
 */
final class SandboxCleanUp implements RecoveryStep {
  private final RecoveryEnvironment environment;

  SandboxCleanUp(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return StepKind.DRILL_CLEAN_UP;
  }

  @Override
  public List<Change> plan(StepContext context) {
    Path dir = environment.instantDirectory(context.pair().primary(), context.run());
    return List.of(new Change(InstantServe.KIND, dir.toString(), "the drill's sandbox",
        "none; the surrogate replaying again"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    Path dir = environment.instantDirectory(context.pair().primary(), context.run());
    Integer port = Files.exists(dir.resolve("port"))
        ? Integer.valueOf(Files.readString(dir.resolve("port")).strip()) : null;
    remove(environment, context);
    List<String> left = leftBehind(dir, port);
    if (!left.isEmpty()) {
      throw new IllegalStateException("the sandbox left " + String.join(", ", left)
          + " behind");
    }
    return new StepOutcome("sandbox removed; nothing left behind"
        + (port == null ? "" : " (port " + port + " closed)") + "; surrogate released",
        Map.of("leftBehind", "nothing"));
  }

  /** Stops the sandbox, removes its clone and releases the surrogate; harmless when done. */
  static void remove(RecoveryEnvironment environment, StepContext context) throws Exception {
    String server = context.pair().primary();
    PgSurrogate surrogate = PgSurrogate.of(environment, server);
    Path dir = environment.instantDirectory(server, context.run());
    if (Files.exists(dir.resolve("port"))) {
      try (StandbyHost host = new LocalHost(surrogate.osUser())) {
        new PostgresStandby(SandboxServe.server(environment, context, surrogate), host).stop();
      }
    }
    new InstantCopy(dir, surrogate.osUser()).remove();
    environment.releaseSurrogate(server);
  }

  /** What is still there: the folder, a mount, a process, a listener on the sandbox's port. */
  private static List<String> leftBehind(Path dir, Integer port) throws IOException {
    List<String> left = new ArrayList<>();
    if (Files.exists(dir)) {
      left.add("folder " + dir);
    }
    String inside = dir + "/";
    if (Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(
        m -> m.contains(" " + inside))) {
      left.add("a mount under " + dir);
    }
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes.filter(p -> p.getFileName().toString().matches("[0-9]+"))
          .filter(p -> commandLine(p).contains(inside))
          .forEach(p -> left.add("process " + p.getFileName()));
    }
    if (port != null && listening(port)) {
      left.add("a server on port " + port);
    }
    return left;
  }

  private static String commandLine(Path process) {
    try {
      return new String(Files.readAllBytes(process.resolve("cmdline")),
          StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException gone) {
      return "";
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    remove(environment, context);
  }
}

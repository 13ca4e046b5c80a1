package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.LocalHost;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.shadow.store.CopyOnWrite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ends a drill: returns the standby to standby status (stopped, its data directory as it was:
 * the drill's copy deleted, what was there put back), stops the sandbox, unmounts and deletes
 * its clone, lets the surrogate run again, and then checks that no process, port, mount or
 * folder is left and the standby holds what it held before. Runs after a failed step too, so
 * it copes with any part never having been made.
 */
final class DrillCleanUp implements RecoveryStep {
  private final RecoveryEnvironment environment;

  DrillCleanUp(RecoveryEnvironment environment) {
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
        "none; the surrogate replaying again" + (context.plan().isMigration()
            ? "; the rehearsal's new-version cluster deleted" : "") + (standby(context)
            ? "; the standby stopped, its data directory as before the drill" : "")));
  }

  private static boolean standby(StepContext context) {
    return context.plan().drill().target() == DrillTarget.STANDBY;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    Path dir = environment.instantDirectory(context.pair().primary(), context.run());
    Integer port = Files.exists(dir.resolve("port"))
        ? Integer.valueOf(Files.readString(dir.resolve("port")).strip()) : null;
    List<String> left = new ArrayList<>();
    List<Change> changes = context.changesOf(context.run());
    String standbyNow = "";
    try {
      if (context.plan().isMigration()) {
        MigrateTarget.removeRehearsal(context, changes);
      }
      if (standby(context)) {
        standbyNow = returnStandby(context, changes);
        String before = before(changes);
        if (before != null && !before.equals(standbyNow)) {
          left.add(context.pair().standby().name() + "'s data directory holding " + standbyNow
              + ", not " + before + " as before the drill");
        }
      }
    } finally {
      // Whatever became of the standby, the sandbox goes and the surrogate replays again.
      removeSandbox(environment, context);
    }
    left.addAll(leftBehind(dir, port));
    if (!left.isEmpty()) {
      throw new IllegalStateException("the drill left " + String.join(", ", left) + " behind");
    }
    return new StepOutcome("nothing left behind" + (port == null ? ""
        : " (sandbox port " + port + " closed)") + "; surrogate released"
        + (standby(context) ? "; standby stopped, holding " + standbyNow + " as before" : ""),
        Map.of("leftBehind", "nothing"));
  }

  /** What the standby's data directory held before the drill, if the drill got to look. */
  private static String before(List<Change> changes) {
    return changes.stream().filter(c -> StandbyRestore.BEFORE.equals(c.kind()))
        .map(Change::before).findFirst().orElse(null);
  }

  /**
   * Stops the standby and brings its data directory back to what the drill found: its copy
   * deleted, what was moved aside put back, a directory it created removed. Returns what the
   * directory holds then. Harmless when done, and when the drill never reached the standby.
   */
  static String returnStandby(StepContext context, List<Change> changes) throws Exception {
    PgServer standby = PgServer.of(context.pair().standby());
    try (StandbyHost host = StandbyHost.connect(standby.standby())) {
      PostgresStandby pg = new PostgresStandby(standby, host);
      DataDirectoryState state = pg.dataDirectoryState();
      boolean ours = state.isRestoredBy(context.run()) || state.isPartlyRestoredBy(context.run());
      if (ours) {
        pg.stop();
        pg.empty();
      }
      for (Change c : changes) {
        if (RestoreData.MOVED.equals(c.kind())) {
          pg.putBack(c.after());
        }
      }
      if (ours && "missing".equals(before(changes))) {
        host.run("rmdir " + StandbyHost.quote(standby.dataDirectory()), Duration.ofMinutes(1));
      }
      return pg.dataDirectoryState().toString();
    }
  }

  /**
   * Stops the sandbox, removes its clone and lets go of this drill's hold on the surrogate
   * (another run's hold stays); harmless when done.
   */
  static void removeSandbox(RecoveryEnvironment environment, StepContext context)
      throws Exception {
    String server = context.pair().primary();
    PgSurrogate surrogate = PgSurrogate.of(environment, server);
    Path dir = environment.instantDirectory(server, context.run());
    if (Files.exists(dir.resolve("port"))) {
      try (StandbyHost host = new LocalHost(surrogate.osUser())) {
        new PostgresStandby(SandboxServe.server(environment, context, surrogate), host).stop();
      }
    }
    new CopyOnWrite(dir, surrogate.osUser()).remove();
    environment.releaseSurrogate(server, SandboxServe.holder(context));
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
    List<Change> all = context.changesOf(context.run());
    try {
      if (standby(context)) {
        returnStandby(context, all);
      }
    } finally {
      removeSandbox(environment, context);
    }
  }
}

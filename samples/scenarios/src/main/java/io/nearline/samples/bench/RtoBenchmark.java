package io.nearline.samples.bench;

import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.StepKind;
import io.nearline.testkit.Command;
import io.nearline.testkit.Ports;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.UnprivilegedUser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Recovery time of a failover, with and without the instant option, against what
 * {@code pg_basebackup} plus start-up takes for the same database in the same run.
 *
 * <p>For each size a primary is filled with pgbench, protected with a surrogate, and killed.
 * The baseline, taken before the kill, is a plain {@code pg_basebackup -X stream} of the
 * primary to a new directory on this host and {@code pg_ctl start} until it accepts
 * connections. The failovers restore to a standby on this host: the RTO is the run's own,
 * from the command until a client connects through the re-homed service entry; with instant,
 * also until a client is served by the instant copy on the near-line.
 */
public final class RtoBenchmark {

  public static void main(String[] args) throws Exception {
    System.out.println("| size | pg_basebackup + start | failover RTO | instant: clients on the"
        + " near-line | instant: standby takes over |");
    System.out.println("|---|---|---|---|---|");
    for (double gb : BenchWorld.sizes(args)) {
      System.out.println(measure(gb));
    }
  }

  private static String measure(double gb) throws Exception {
    try (BenchWorld w = BenchWorld.fill(gb, "")) {
      double baseline = basebackupAndStart(w.primary, w.base.resolve("plain"));
      w.protect();
      w.crashPrimary();
      List<StepKind> steps = List.of(StepKind.of("restore-data"), StepKind.of("promote"),
          StepKind.REHOME_CLIENTS, StepKind.of("verify"));
      for (boolean instant : List.of(false, true)) {
        w.api.post("/api/policies", new RecoveryPolicy(instant ? "instant" : "plain",
            List.of("db1-dr"), RecoveryPoint.LATEST, steps, w.plan(), null, List.of(), instant,
            null, null, null));
      }
      System.err.println("failing over...");
      Map<String, String> plain = w.run("/api/policies/plain/failover");
      w.emptyStandby();
      System.err.println("failing over with instant...");
      Map<String, String> instant = w.run("/api/policies/instant/failover");
      w.emptyStandby();
      return String.format("| %s | %.1f s | %s | %s | %s |", w.size, baseline,
          ratio(plain.get("rtoSeconds"), baseline),
          ratio(instant.get("instantRtoSeconds"), baseline),
          ratio(instant.get("rtoSeconds"), baseline));
    }
  }

  /** Seconds for a plain copy of the primary to be taken and accept connections. */
  private static double basebackupAndStart(PostgresPrimary primary, Path target) {
    System.err.println("pg_basebackup + start-up...");
    Command.run(Path.of("/"), "mkdir", "-p", target.toString());
    UnprivilegedUser.own(target);
    Path data = target.resolve("data");
    long start = System.nanoTime();
    Command.runUnprivileged(target, PostgresPrimary.BIN.resolve("pg_basebackup").toString(),
        "-h", "127.0.0.1", "-p", String.valueOf(primary.port()), "-U", "postgres", "-D",
        data.toString(), "-X", "stream", "--checkpoint=fast");
    Command.runUnprivileged(target, "bash", "-c", "printf \"port = %d\\nunix_socket_directories"
        + " = '%s'\\narchive_mode = off\\n\" " + Ports.free() + " " + target
        + " >> " + data.resolve("postgresql.auto.conf"));
    Command.runUnprivileged(target, PostgresPrimary.BIN.resolve("pg_ctl").toString(), "-D",
        data.toString(), "-l", target.resolve("start.log").toString(), "-w", "-t", "3600",
        "start");
    double seconds = (System.nanoTime() - start) / 1e9;
    Command.runUnprivileged(target, PostgresPrimary.BIN.resolve("pg_ctl").toString(), "-D",
        data.toString(), "-m", "immediate", "stop");
    Command.run(Path.of("/"), "rm", "-rf", target.toString());
    return seconds;
  }

  private static String ratio(String seconds, double baseline) {
    return BenchWorld.ratio(Double.parseDouble(seconds), baseline);
  }
}

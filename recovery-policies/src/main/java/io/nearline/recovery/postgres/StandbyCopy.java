package io.nearline.recovery.postgres;

import io.nearline.recovery.standby.LocalHost;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.steps.RecoveryEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The data a standby starts from, streamed as a tar straight into its data directory, nothing
 * staged on disk: a base backup of the surrogate (pg_basebackup on loopback), or, for a point
 * the surrogate has already replayed past, a stored baseline archive; or, with the instant
 * option, the instant copy serving clients. WAL comes from Nearline's log store, or streams
 * from the instant copy.
 */
final class StandbyCopy {
  private StandbyCopy() {
  }

  static void fromSurrogate(RecoveryEnvironment.Surrogate surrogate, PostgresStandby standby)
      throws StandbyException, IOException, InterruptedException {
    stream(LocalHost.asUser(surrogate.osUser(), List.of(
        surrogate.pgBin() + "/pg_basebackup", "-h", "127.0.0.1", "-p",
        String.valueOf(surrogate.port()), "-U", surrogate.user(), "-D", "-", "-F", "t", "-X",
        "none", "--checkpoint=fast", "--no-manifest")), "pg_basebackup from the surrogate",
        standby);
  }

  /**
   * A base backup of a running server on this host (the instant copy), with the WAL that makes
   * it consistent; the standby then streams the rest from it.
   */
  static void fromServer(RecoveryEnvironment.Surrogate surrogate, String conninfo,
      PostgresStandby standby) throws StandbyException, IOException, InterruptedException {
    stream(LocalHost.asUser(surrogate.osUser(), List.of(
        surrogate.pgBin() + "/pg_basebackup", "-d", conninfo, "-D", "-", "-F", "t", "-X",
        "fetch", "--checkpoint=fast", "--no-manifest")), "pg_basebackup from the instant copy",
        standby);
  }

  static void fromBaseline(RecoveryEnvironment.StoredBaseline baseline, PostgresStandby standby)
      throws StandbyException, IOException, InterruptedException {
    stream(List.of("zstd", "-dcq", baseline.archive().toString()),
        "reading baseline " + baseline.archive(), standby);
  }

  private static void stream(List<String> command, String what, PostgresStandby standby)
      throws StandbyException, IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try {
        p.getErrorStream().transferTo(b);
      } catch (IOException ignored) {
        // The process is gone; what was read is what there is.
      }
      return b.toString(StandardCharsets.UTF_8);
    });
    try {
      standby.receive(p.getInputStream());
    } finally {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
    }
    if (p.exitValue() != 0) {
      throw new IOException(what + " failed: " + errors.join().strip());
    }
  }
}

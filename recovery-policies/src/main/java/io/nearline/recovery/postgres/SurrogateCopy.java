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
 * A base backup of the surrogate (a hot standby on this host), streamed as a tar straight into
 * the standby: pg_basebackup over the replication protocol on loopback, nothing staged on disk.
 * The WAL it needs comes from Nearline's log store when the copy starts.
 */
final class SurrogateCopy {
  private SurrogateCopy() {
  }

  static void streamTo(RecoveryEnvironment.Surrogate surrogate, PostgresStandby standby)
      throws StandbyException, IOException, InterruptedException {
    List<String> args = LocalHost.asUser(surrogate.osUser(), List.of(
        surrogate.pgBin() + "/pg_basebackup", "-h", "127.0.0.1", "-p",
        String.valueOf(surrogate.port()), "-U", surrogate.user(), "-D", "-", "-F", "t", "-X",
        "none", "--checkpoint=fast", "--no-manifest"));
    Process p = new ProcessBuilder(args).start();
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
      throw new IOException("pg_basebackup from the surrogate failed: " + errors.join().strip());
    }
  }
}

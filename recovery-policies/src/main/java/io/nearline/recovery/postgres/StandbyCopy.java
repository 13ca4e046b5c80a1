package io.nearline.recovery.postgres;

import io.nearline.common.process.Program;
import io.nearline.common.process.ProgramException;
import io.nearline.recovery.standby.StandbyException;
import java.time.Duration;

/**
 * The data a standby starts from, streamed as a tar straight into its data directory, nothing
 * staged on disk: a base backup of the surrogate (pg_basebackup on loopback), or, for a point
 * the surrogate has already replayed past, a stored baseline archive; or, with the instant
 * option, the instant copy serving clients. WAL comes from Nearline's log store, or streams
 * from the instant copy.
 */
final class StandbyCopy {
  /** As long as the standby may take to unpack: the copy ends when it has. */
  private static final Duration TIMEOUT = Duration.ofHours(6);

  private StandbyCopy() {
  }

  static void fromSurrogate(PgSurrogate surrogate, PostgresStandby standby)
      throws StandbyException, ProgramException {
    stream(Program.of(surrogate.pgBin() + "/pg_basebackup", "-h", "127.0.0.1", "-p",
        String.valueOf(surrogate.port()), "-U", surrogate.user(), "-D", "-", "-F", "t", "-X",
        "none", "--checkpoint=fast", "--no-manifest").asUser(surrogate.osUser()), standby);
  }

  /**
   * A base backup of a running server on this host (the instant copy), with the WAL that makes
   * it consistent; the standby then streams the rest from it.
   */
  static void fromServer(PgSurrogate surrogate, String conninfo,
      PostgresStandby standby) throws StandbyException, ProgramException {
    stream(Program.of(surrogate.pgBin() + "/pg_basebackup", "-d", conninfo, "-D", "-", "-F", "t",
        "-X", "fetch", "--checkpoint=fast", "--no-manifest").asUser(surrogate.osUser()), standby);
  }

  static void fromBaseline(java.io.InputStream archive, PostgresStandby standby)
      throws StandbyException, ProgramException {
    stream(Program.of("zstd", "-dcq").input(archive), standby);
  }

  private static void stream(Program source, PostgresStandby standby)
      throws StandbyException, ProgramException {
    source.timeout(TIMEOUT).streamOutput(tar -> {
      standby.receive(tar);
      return null;
    });
  }
}

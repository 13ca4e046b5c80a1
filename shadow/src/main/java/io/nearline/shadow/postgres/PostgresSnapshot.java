package io.nearline.shadow.postgres;

import io.nearline.common.process.Program;
import io.nearline.common.secret.PrivateFiles;
import io.nearline.shadow.PointTarget;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.ShadowException;
import io.nearline.shadow.Snapshot;
import io.nearline.shadow.SnapshotSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A snapshot as PostgreSQL's targeted recovery: recovery.signal, a recovery target, and
 * {@code recovery_target_action = pause} with hot standby on, so it stops at the target and
 * stays in recovery: readable, never writable. Its restore step takes WAL from the spool.
 */
final class PostgresSnapshot implements Snapshot {
  private final SnapshotSettings settings;
  private final ConnectionString primary;
  private final Path data;
  private final PgInstance instance;

  PostgresSnapshot(SnapshotSettings settings, ServerIdentity identity,
      ConnectionString primary) {
    this.settings = settings;
    this.primary = primary;
    this.data = settings.directory().resolve("data");
    this.instance = new PgInstance(data, settings.directory().resolve("postgres.log"),
        settings.osUser(), identity.version(), "the snapshot");
  }

  @Override
  public void configure(PointTarget target) throws ShadowException {
    try {
      writeRestoreStep();
      PgInstance.configureLocal(settings.directory(), data, settings.port(), "snapshot", """
          host  all all 127.0.0.1/32 trust
          """, """
          default_transaction_read_only = on
          # a snapshot is thrown away, never crash-recovered: replay need not wait for disks
          fsync = off
          max_wal_size = '16GB'
          checkpoint_timeout = '1d'
          restore_command = '%s %%f %%p'
          recovery_target_action = 'pause'
          %s
          """.formatted(settings.directory().resolve("wal-fetch"), targetSetting(target)));
      Files.deleteIfExists(data.resolve("postmaster.pid"));
      Files.deleteIfExists(data.resolve("standby.signal"));
      Files.writeString(data.resolve("recovery.signal"), "");
      PgCommand.own(settings.directory(), settings.osUser());
    } catch (IOException e) {
      throw new ShadowException("cannot set up the snapshot in " + settings.directory() + ": "
          + e, e);
    }
  }

  private static String targetSetting(PointTarget target) {
    return switch (target.kind()) {
      case TIME -> "recovery_target_time = '" + PgTimestamp.of(java.time.Instant.parse(
          target.value())) + "'";
      case POSITION -> "recovery_target_lsn = '" + Lsn.parse(target.value()) + "'";
      case TRANSACTION -> "recovery_target_xid = '" + Long.parseUnsignedLong(target.value())
          + "'";
    };
  }

  /**
   * Takes a file from the spool as soon as Nearline has put it there; a file Nearline will not
   * supply is answered at once (PostgreSQL probes for timelines that do not exist). Copied, not
   * moved: PostgreSQL may ask for the same file twice.
   */
  private void writeRestoreStep() throws IOException {
    Path spool = settings.spool();
    PrivateFiles.replace(settings.directory().resolve("wal-fetch"), "rwxr-xr-x", """
        #!/bin/bash
        # restore_command of a Nearline snapshot: wal-fetch FILE TARGET
        spool='%s'
        tries=0
        while [ "$tries" -lt 6000 ]; do
          tries=$((tries + 1))
          if [ -f "$spool/$1" ]; then
            cp "$spool/$1" "$2" && : > "$spool/$1%s" && exit 0
          fi
          grep -qxF "$1" "$spool/%s" || exit 1
          [ "$tries" -eq 1 ] && : > "$spool/$1%s"
          if [ -f "$spool/%s" ]; then
            echo "nearline wal-fetch: $1: $(head -c 600 "$spool/%s")" >&2
            exit 1
          fi
          sleep 0.05
        done
        echo "nearline wal-fetch: $1: not supplied within 5 minutes" >&2
        exit 1
        """.formatted(spool, SnapshotSettings.TAKEN, SnapshotSettings.EXPECTED,
        SnapshotSettings.WANTED, SnapshotSettings.FAILED, SnapshotSettings.FAILED),
        Program.isRoot() ? settings.osUser() : null);
  }

  @Override
  public void start() throws ShadowException {
    instance.start();
  }

  @Override
  public boolean isRunning() {
    return instance.isRunning();
  }

  @Override
  public SnapshotProgress progress() throws ShadowException {
    try (Connection c = ConnectionString.parse(connectionString()).open("nearline-monitor", 3, 10);
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT pg_last_wal_replay_lsn()::text, "
             + "pg_last_xact_replay_timestamp(), pg_get_wal_replay_pause_state()")) {
      r.next();
      return new SnapshotProgress(PgInstance.replayStatus(r), "paused".equals(r.getString(3)));
    } catch (SQLException e) {
      throw new ShadowException("the snapshot does not answer queries yet: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() throws ShadowException {
    instance.stop();
  }

  @Override
  public List<String> recentProblems() {
    return instance.recentProblems();
  }

  @Override
  public String connectionString() {
    return PgInstance.loopback(settings.port(), primary);
  }
}

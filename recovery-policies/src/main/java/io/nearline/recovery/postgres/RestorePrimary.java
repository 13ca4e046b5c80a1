package io.nearline.recovery.postgres;

import static io.nearline.recovery.standby.StandbyHost.quote;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.standby.StandbyHost;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failback, first half: makes the returned primary a streaming standby of the standby that
 * served since the failover. pg_rewind keeps what the two still share; when it cannot (the
 * primary's disk was replaced, say), the primary's old data directory is moved aside and a fresh
 * copy taken. Either way the primary's own configuration files are put back, since both
 * methods bring the standby's.
 */
public final class RestorePrimary implements RecoveryStep {
  static final String MARKER = "nearline-failback";
  private static final Logger LOG = LoggerFactory.getLogger(RestorePrimary.class);
  private static final String OWN_FILES =
      "postgresql.conf postgresql.auto.conf pg_hba.conf pg_ident.conf";

  private final RecoveryEnvironment environment;

  public RestorePrimary(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.RESTORE_PRIMARY;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    PgServer target = PgServer.of(context.target());
    try (StandbyHost host = StandbyHost.connect(target.standby())) {
      return List.of(change(context, new PostgresStandby(target, host).dataDirectoryState()));
    }
  }

  private static Change change(StepContext context, DataDirectoryState state) {
    PgServer target = PgServer.of(context.target());
    return new Change(RestoreData.KIND, target.name() + ":" + target.dataDirectory(),
        state.toString(),
        "rewound from " + context.pair().standby().name() + " (pg_rewind, else a fresh copy), "
            + "following it");
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    PgServer target = PgServer.of(context.target());
    PgServer source = PgServer.of(context.pair().standby());
    String user = PgSurrogate.of(environment, context.pair().primary()).user();
    String from = PostgresStandby.conninfo(source, user);
    try (StandbyHost host = StandbyHost.connect(target.standby())) {
      PostgresStandby pg = new PostgresStandby(target, host);
      if (String.valueOf(context.run()).equals(marker(pg))) {
        Handover.startFollowing(pg, user);
        return StepOutcome.of(target.name() + " already follows " + source.name());
      }
      DataDirectoryState state = pg.dataDirectoryState();
      if (state.kind() != DataDirectoryState.Kind.CLUSTER) {
        throw new IllegalStateException(target.dataDirectory() + " on " + target.name()
            + " holds " + state + ", not the old primary's cluster; nothing was touched");
      }
      context.record(change(context, state));
      pg.stop();
      String saved = saveOwnFiles(pg, context.run());
      String fetch = saved + "/" + PostgresStandby.FETCH;
      pg.writeFetchScript(fetch, pg.walSource(environment, context.pair().primary(),
          context.run()));
      String method = "pg_rewind";
      try {
        // The primary may have recycled the WAL since the divergence: Nearline's store has it.
        appendSettings(pg, "restore_command = '" + fetch + " %f %p'");
        host.run(pg.tool("pg_rewind") + " -D " + quote(pg.data()) + " --restore-target-wal"
            + " --source-server=" + quote(from), Duration.ofHours(6));
      } catch (StandbyException rewindFailed) {
        LOG.warn("pg_rewind of {} failed, taking a fresh copy: {}", target.name(),
            rewindFailed.getMessage());
        String suffix = String.valueOf(context.run());
        context.record(new Change(RestoreData.MOVED, target.dataDirectory(), state.toString(),
            pg.asideOf(suffix)));
        pg.moveAside(suffix);
        host.run(pg.tool("pg_basebackup") + " -d " + quote(from) + " -D " + quote(pg.data())
            + " -X stream --checkpoint=fast", Duration.ofHours(6));
        method = "a fresh copy (pg_rewind could not: " + rewindFailed.lastLine() + ")";
      }
      follow(pg, saved, fetch, from, context.run());
      Handover.startFollowing(pg, user);
      return new StepOutcome(target.name() + " rebuilt with " + method + " and following "
          + source.name(), Map.of("method", method.startsWith("pg_rewind") ? "pg_rewind"
          : "fresh copy"));
    }
  }

  private static String marker(PostgresStandby pg) throws StandbyException {
    return pg.host().run("cat " + quote(pg.data() + "/" + MARKER) + " 2>/dev/null || true",
        Duration.ofSeconds(30)).strip();
  }

  /** Copies the primary's configuration beside its data directory, once per run. */
  private static String saveOwnFiles(PostgresStandby pg, long run) throws StandbyException {
    String saved = pg.data() + ".config-" + run;
    pg.host().run("[ -d " + quote(saved) + " ] || { mkdir -p " + quote(saved + ".tmp")
        + " && cd " + quote(pg.data()) + " && cp -p " + OWN_FILES + " " + quote(saved + ".tmp")
        + " && mv " + quote(saved + ".tmp") + " " + quote(saved) + "; }", Duration.ofMinutes(1));
    return saved;
  }

  /**
   * Puts the primary's own configuration back, drops what the standby's restore left, and makes
   * it stream from the standby until the switch-over, fetching older WAL from Nearline.
   */
  private static void follow(PostgresStandby pg, String saved, String fetch, String from,
      long run) throws StandbyException {
    pg.host().run("cd " + quote(pg.data()) + " && cp -p " + quote(saved) + "/*.conf . && rm -f "
        + PostgresStandby.MARKER + " " + PostgresStandby.FETCH + " " + PostgresStandby.FETCH
        + ".auth " + PostgresStandby.FETCH + ".crt recovery.signal"
        + " && touch standby.signal", Duration.ofMinutes(1));
    appendSettings(pg, "# Nearline failback (run " + run + "): follow the standby until the "
        + "switch-over\nprimary_conninfo = '" + from + " application_name=nearline-failback'\n"
        + "restore_command = '" + fetch + " %f %p'");
    pg.write(pg.data() + "/" + MARKER, String.valueOf(run));
  }

  private static void appendSettings(PostgresStandby pg, String settings)
      throws StandbyException {
    pg.host().run("cat >> " + quote(pg.data() + "/postgresql.auto.conf"),
        new ByteArrayInputStream(("\n" + settings + "\n").getBytes(StandardCharsets.UTF_8)),
        Duration.ofMinutes(1));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    PgServer target = PgServer.of(context.target());
    try (StandbyHost host = StandbyHost.connect(target.standby())) {
      PostgresStandby pg = new PostgresStandby(target, host);
      pg.stop();
      for (Change c : changes) {
        if (RestoreData.MOVED.equals(c.kind())) {
          pg.stop();
          pg.empty();
          pg.putBack(c.after());
        }
      }
    }
  }
}

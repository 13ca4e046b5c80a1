package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.shadow.postgres.PostgresConnector;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings the drill's server into service at the drill's point: the sandbox is promoted; the
 * standby's copy starts and promotes itself once it has replayed the WAL it was given. Then a
 * client connects and writes: the moment the service is verified, which ends the measured RTO
 * (less the time spent reading the probes' reference, which a failover does not spend).
 */
final class DrillPromote implements RecoveryStep {
  private final RecoveryEnvironment environment;

  DrillPromote(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.DRILL_PROMOTE;
  }

  private static boolean sandbox(StepContext context) {
    return context.plan().drill().target() == DrillTarget.SANDBOX;
  }

  /** The server the drill brings into service: its sandbox, or the pair's standby. */
  private PgServer server(StepContext context, PgSurrogate surrogate) throws Exception {
    return sandbox(context) ? SandboxServe.server(environment, context, surrogate)
        : PgServer.of(context.pair().standby());
  }

  @Override
  public List<Change> plan(StepContext context) {
    String what = sandbox(context) ? SandboxServe.NAME : context.pair().standby().name();
    return List.of(new Change(Promote.KIND, what, sandbox(context) ? "read-only" : "stopped",
        "promoted at the drill's point, taking writes"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    PgSurrogate surrogate = PgSurrogate.of(environment, context.pair().primary());
    PgServer server = server(context, surrogate);
    try (StandbyHost host = StandbyHost.connect(server.standby())) {
      PostgresStandby pg = new PostgresStandby(server, host);
      context.record(plan(context).get(0));
      Promote.start(pg);
      if (sandbox(context) && "t".equals(pg.query(surrogate.user(),
          "SELECT pg_is_in_recovery()"))) {
        pg.promote();
      }
      Promote.awaitPromoted(pg, surrogate.user(), server.name());
    }
    Verify.Client client = Verify.connect(Map.of("host", server.clientHost(), "port",
        String.valueOf(server.pgPort()), "dbname", surrogate.dbname()), surrogate.user());
    Duration overhead = Duration.ofMillis(Math.round(1000 * Double.parseDouble(
        context.facts().getOrDefault("referenceSeconds", "0"))));
    String rto = Verify.seconds(Duration.between(context.runStartedAt(), client.connectedAt())
        .minus(overhead));
    Map<String, String> facts = new LinkedHashMap<>(new DrillServer(PostgresConnector.KIND,
        server.clientHost(), server.pgPort(), surrogate.dbname(), surrogate.user(),
        surrogate.pgBin()).facts(DrillServer.UNDER_TEST));
    facts.put("verifiedAt", client.connectedAt().toString());
    facts.put("rtoSeconds", rto);
    return new StepOutcome(server.name() + " promoted and taking writes at " + client.url()
        + "; RTO " + rto + " s", facts);
  }

  @Override
  public void undo(StepContext context, List<Change> changes) {
    // The drill's server goes as a whole: drill-clean-up does it.
  }
}

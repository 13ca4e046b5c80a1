package io.nearline.recovery.postgres;

import io.nearline.recovery.StepKind;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.LocalHost;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.shadow.postgres.PostgresConnector;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Promotes the sandbox at the point it holds and connects to it as a client would, writing: the
 * moment the service is verified, which ends the drill's measured RTO.
 */
final class SandboxPromote implements RecoveryStep {
  private final RecoveryEnvironment environment;

  SandboxPromote(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.SANDBOX_PROMOTE;
  }

  @Override
  public List<Change> plan(StepContext context) {
    return List.of(new Change(Promote.KIND, SandboxServe.NAME, "read-only",
        "promoted at the surrogate's point, taking writes"));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    PgSurrogate surrogate = PgSurrogate.of(environment, context.pair().primary());
    PgServer sandbox = SandboxServe.server(environment, context, surrogate);
    try (StandbyHost host = new LocalHost(surrogate.osUser())) {
      PostgresStandby pg = new PostgresStandby(sandbox, host);
      if ("t".equals(pg.query(surrogate.user(), "SELECT pg_is_in_recovery()"))) {
        pg.promote();
      }
      Promote.awaitPromoted(pg, surrogate.user(), "the sandbox");
    }
    Verify.Client client = Verify.connect(Map.of("host", "127.0.0.1", "port",
        String.valueOf(sandbox.pgPort()), "dbname", surrogate.dbname()), surrogate.user());
    String rto = Verify.seconds(Duration.between(context.runStartedAt(), client.connectedAt()));
    Map<String, String> facts = new LinkedHashMap<>(new DrillServer(PostgresConnector.KIND,
        "127.0.0.1", sandbox.pgPort(), surrogate.dbname(), surrogate.user(), surrogate.pgBin())
        .facts(DrillServer.UNDER_TEST));
    facts.put("verifiedAt", client.connectedAt().toString());
    facts.put("rtoSeconds", rto);
    return new StepOutcome("sandbox promoted and taking writes at " + client.url() + " after "
        + rto + " s", facts);
  }

  @Override
  public void undo(StepContext context, List<Change> changes) {
    // The sandbox goes as a whole: drill-clean-up, or sandbox-serve's undo.
  }
}

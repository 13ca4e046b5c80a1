package io.nearline.recovery.postgres;

import io.nearline.directory.Directory;
import io.nearline.directory.ServiceEntries;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.steps.LdapChanges;
import io.nearline.shadow.postgres.ConnectionString;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connects as a client would: through the re-homed service entry when the policy has one, else
 * to the run's target (the standby; the primary on failback). It must take writes. The
 * connection's moment ends the measured RTO; the RPO is the primary's last write Nearline saw
 * against the last commit restored.
 */
public final class Verify implements RecoveryStep {
  private final RecoveryEnvironment environment;

  public Verify(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.VERIFY;
  }

  @Override
  public List<Change> plan(StepContext context) {
    return List.of();
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    PgSurrogate surrogate = PgSurrogate.of(environment, context.pair().primary());
    Map<String, String> target = clientTarget(context.plan().policy().directory(),
        PgServer.of(context.target()), surrogate.dbname());
    Client client = connect(target, surrogate.user());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("clientsConnectedAt", client.connectedAt().toString());
    facts.put("rtoSeconds", seconds(Duration.between(context.runStartedAt(),
        client.connectedAt())));
    facts.put("via", target.getOrDefault("service", client.url()));
    // A failback replays everything the standby wrote: there is no recovery point to measure.
    // With instant, clients wrote to the instant copy: what was restored is what it promoted at.
    Instant restored = context.plan().isInstant() ? instantRestoredCommit(context)
        : client.restoredCommitAt();
    if (restored != null && !context.plan().isFailback()) {
      facts.put("restoredCommitAt", restored.toString());
      environment.primaryActivity(context.pair().primary()).ifPresent(a -> {
        facts.put("primaryLastWriteSeenAt", a.lastWriteSeenAt().toString());
        Duration lost = Duration.between(restored, a.lastWriteSeenAt());
        facts.put("rpoSeconds", seconds(lost.isNegative() ? Duration.ZERO : lost));
      });
    }
    return new StepOutcome("clients reach " + client.url() + " and can write; RTO "
        + facts.get("rtoSeconds") + " s" + (facts.containsKey("rpoSeconds")
        ? ", RPO " + facts.get("rpoSeconds") + " s" : ""), facts);
  }

  private static Instant instantRestoredCommit(StepContext context) throws Exception {
    String at = context.factsOf(PostgresSteps.INSTANT_SERVE).getOrDefault("restoredCommitAt", "");
    return at.isEmpty() ? null : Instant.parse(at);
  }

  /** How long a server just (re)started by the run may take to accept clients. */
  private static final Duration STARTING = Duration.ofSeconds(30);

  /**
   * A connection, tried again while the server is still coming up (refused, starting up, or
   * closing the connection during its TLS negotiation), as a client's own retries would.
   */
  private static Connection openWhenUp(ConnectionString client) throws Exception {
    long deadline = System.nanoTime() + STARTING.toNanos();
    while (true) {
      try {
        return client.open("nearline-verify", 10, 60);
      } catch (java.sql.SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean starting = state.startsWith("08") || state.equals("57P03");
        if (!starting || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(250);
      }
    }
  }

  /** A client's successful connection: when, where, and the last commit it finds restored. */
  record Client(Instant connectedAt, String url, Instant restoredCommitAt) {
  }

  /** Connects as a client would to {@code target} and makes sure it can write. */
  static Client connect(Map<String, String> target, String user) throws Exception {
    ConnectionString client = ConnectionString.parse("host=" + target.get("host") + " port="
        + target.get("port") + " dbname=" + target.get("dbname") + " user=" + user);
    String url = client.describe() + "/" + client.dbname();
    try (Connection c = openWhenUp(client);
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT pg_is_in_recovery(), "
             + "pg_last_xact_replay_timestamp(), txid_current()")) {
      Instant connected = Instant.now();
      r.next();
      if (r.getBoolean(1)) {
        throw new IllegalStateException(url + " is still in recovery: clients cannot write");
      }
      Timestamp restored = r.getTimestamp(2);
      return new Client(connected, url, restored == null ? null : restored.toInstant());
    }
  }

  /** Where a new client connection goes: the first service entry's keywords, or the server. */
  static Map<String, String> clientTarget(DirectoryPlan plan, PgServer server, String dbname)
      throws Exception {
    Map<String, String> target = new LinkedHashMap<>(server.clientEndpoint());
    target.put("dbname", dbname);
    if (plan != null && !plan.services().isEmpty()) {
      try (Directory directory = LdapChanges.connect(plan)) {
        ServiceEntries entries = directory.serviceEntries(plan.servicesBase());
        target.putAll(entries.read(plan.services().get(0)).keywords());
        target.put("service", "service " + plan.services().get(0));
      }
    }
    return target;
  }

  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }

  @Override
  public void undo(StepContext context, List<Change> changes) {
    // Verification changes nothing.
  }
}

package io.nearline.recovery.postgres;

import io.nearline.directory.Directory;
import io.nearline.directory.EntryChange;
import io.nearline.recovery.AccessKind;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.LocalHost;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.recovery.steps.LdapChanges;
import io.nearline.recovery.steps.RehomeClients;
import io.nearline.shadow.store.CopyOnWrite;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The instant option: serves clients from a copy of the surrogate on the near-line itself
 * while the standby is prepared. The surrogate is held stopped, a copy-on-write copy of its
 * data ({@link CopyOnWrite}) replays what is left in the log store and promotes itself, and the
 * service entries point at it. Restore-data then copies this instant server to the standby,
 * which follows it until promote hands clients over ({@link Handover}) and removes it.
 */
public final class InstantServe implements RecoveryStep {
  static final String KIND = "instant-copy";

  private final RecoveryEnvironment environment;

  public InstantServe(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public StepKind kind() {
    return PostgresSteps.INSTANT_SERVE;
  }

  /** The instant server, addressed like a standby on this host. */
  static PgServer server(StepContext context, PgSurrogate surrogate, Path dir, int port) {
    return local("nearline-instant", context, surrogate, dir, port);
  }

  /** A server of the surrogate's copy in {@code dir}, addressed like a standby on this host. */
  static PgServer local(String name, StepContext context, PgSurrogate surrogate, Path dir,
      int port) {
    String url = context.pair().standby().nearlineUrl();
    return new PgServer(new Standby(name, AccessKind.LOCAL, null, 22, null, null,
        surrogate.osUser(), URI.create(url).getHost(), true, url, Map.of()),
        new PostgresStandbySettings(surrogate.pgBin(), dir.resolve("data").toString(), port));
  }

  /** The instant server of this run, once instant-serve has run. */
  static PgServer server(StepContext context, PgSurrogate surrogate) throws Exception {
    Map<String, String> facts = context.factsOf(PostgresSteps.INSTANT_SERVE);
    if (!facts.containsKey("instantPort")) {
      throw new IllegalStateException("instant-serve has not run for pair "
          + context.pair().name());
    }
    return server(context, surrogate, Path.of(facts.get("instantDirectory")),
        Integer.parseInt(facts.get("instantPort")));
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    PgSurrogate surrogate = PgSurrogate.of(environment, context.pair().primary());
    Path dir = environment.instantDirectory(context.pair().primary(), context.run());
    List<Change> out = new ArrayList<>(List.of(
        new Change(KIND, dir.resolve("data").toString(), "none",
            "copy-on-write copy of the surrogate (held stopped at " + surrogate.replayed()
                + ")"),
        new Change(Promote.KIND, "nearline-instant", "stopped",
            "serving clients, promoted after replaying what is left in the log store")));
    DirectoryPlan plan = context.plan().policy().directory();
    try (Directory directory = LdapChanges.connect(plan)) {
      PgServer planned = server(context, surrogate, dir, 0);
      for (EntryChange c : RehomeClients.changes(directory, plan, planned.clientEndpoint())) {
        out.add(LdapChanges.toJournal(c));
      }
    }
    return out;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    String server = context.pair().primary();
    PgSurrogate surrogate = PgSurrogate.of(environment, server);
    Path dir = environment.instantDirectory(server, context.run());
    PgServer instant = server(context, surrogate, dir, port(dir));
    CopyOnWrite copy = new CopyOnWrite(dir, surrogate.osUser());
    String how = copy.state();
    String restoredAt;
    try (StandbyHost host = new LocalHost(surrogate.osUser())) {
      PostgresStandby pg = new PostgresStandby(instant, host);
      if (!pg.isRunning()) {
        Path lower = environment.holdSurrogate(server, holder(context));
        if (how.equals("none")) {
          context.record(new Change(KIND, copy.data().toString(), "none",
              "copy-on-write copy of " + lower));
          how = copy.create(lower);
        }
        pg.configureRecovery(pg.walSource(environment, server, context.run()),
            RecoveryPoint.LATEST, null, context.run());
        // Copies taken of the instant server must not look like finished restores.
        host.run("rm -f " + StandbyHost.quote(pg.data() + "/" + PostgresStandby.MARKER),
            Duration.ofSeconds(30));
        context.record(new Change(Promote.KIND, "nearline-instant:" + instant.pgPort(),
            "stopped", "serving clients"));
        Promote.start(pg);
      }
      Promote.awaitPromoted(pg, surrogate.user(), "the instant copy");
      restoredAt = Promote.lastRestoredCommit(pg, surrogate.user());
    }
    DirectoryPlan plan = context.plan().policy().directory();
    try (Directory directory = LdapChanges.connect(plan)) {
      LdapChanges.applyAll(plan, RehomeClients.changes(directory, plan,
          instant.clientEndpoint()), context::record);
    }
    Verify.Client client = Verify.connect(Verify.clientTarget(plan, instant,
        surrogate.dbname()), surrogate.user());
    String rto = Verify.seconds(Duration.between(context.runStartedAt(), client.connectedAt()));
    return new StepOutcome("clients served from the instant copy at " + instant.clientHost()
        + ":" + instant.pgPort() + " (" + how + ") after " + rto + " s", Map.of(
        "instantPort", String.valueOf(instant.pgPort()), "instantDirectory", dir.toString(),
        "instantMethod", how.startsWith("copy") ? "copy" : how,
        "instantServedAt", client.connectedAt().toString(), "instantRtoSeconds", rto,
        "restoredCommitAt", restoredAt));
  }

  /** The copy's port, chosen once per run and kept beside it. */
  static int port(Path dir) throws IOException {
    Path file = dir.resolve("port");
    if (Files.exists(file)) {
      return Integer.parseInt(Files.readString(file).strip());
    }
    Files.createDirectories(dir);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(file, String.valueOf(port));
    return port;
  }

  /** Who holds the surrogate for this run's instant copy. */
  private static String holder(StepContext context) {
    return "instant copy of run " + context.run();
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    LdapChanges.reverse(context.plan().policy().directory(), changes);
    remove(environment, context);
  }

  /**
   * Stops the instant server, removes its copy and lets the surrogate run again; harmless when
   * already done. Promote calls it once the standby has taken over.
   */
  static void remove(RecoveryEnvironment environment, StepContext context) throws Exception {
    String server = context.pair().primary();
    PgSurrogate surrogate = PgSurrogate.of(environment, server);
    Path dir = environment.instantDirectory(server, context.run());
    if (Files.exists(dir.resolve("port"))) {
      try (StandbyHost host = new LocalHost(surrogate.osUser())) {
        new PostgresStandby(server(context, surrogate, dir, port(dir)), host).stop();
      }
    }
    new CopyOnWrite(dir, surrogate.osUser()).remove();
    environment.releaseSurrogate(server, holder(context));
  }
}

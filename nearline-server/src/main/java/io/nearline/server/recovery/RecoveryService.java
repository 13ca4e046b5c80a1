package io.nearline.server.recovery;

import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.common.config.InvalidConfigException;
import io.nearline.common.config.Validation;
import io.nearline.common.json.Json;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.PolicyCatalog;
import io.nearline.recovery.PolicyFile;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.Standby;
import io.nearline.recovery.drill.DrillSpec;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.Journal;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.run.RecoveryExecutor;
import io.nearline.recovery.spi.RecoveryConnector;
import io.nearline.recovery.spi.RecoveryConnectors;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.RunPlan;
import io.nearline.recovery.spi.StepProvider;
import io.nearline.recovery.steps.PolicyCheck;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.services.ImportReport;
import io.nearline.services.NearlineException;
import io.nearline.services.Recovery;
import io.nearline.services.RunAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery pairs, policies and runs, for every application through its recovery connector.
 * Runs execute one at a time on a worker thread; runs a crash interrupted are resumed from the
 * journal when the server starts.
 */
public final class RecoveryService implements Recovery, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryService.class);

  private final PolicyCatalog policies;
  private final RecoveryExecutor executor;
  private final ServerEnvironment environment;
  private final Map<String, RecoveryConnector> connectors = new HashMap<>();
  private final ProtectedServers servers;
  private final PrimaryWatch watch;
  private final RecoveryMeters meters;
  private final ExecutorService worker = daemon("recovery-runs");
  /** Drills have a worker of their own: a failover never queues behind one. */
  private final ExecutorService drillWorker = daemon("drill-runs");
  private final List<Consumer<RunRecord>> endListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<RecoveryPolicy>> policyChecks = new CopyOnWriteArrayList<>();
  private final List<Consumer<RunRecord>> rollbackChecks = new CopyOnWriteArrayList<>();
  private volatile Supplier<java.util.Optional<String>> refusal = java.util.Optional::empty;
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "primary-watch");
        t.setDaemon(true);
        return t;
      });

  public RecoveryService(Catalog catalog, ServerEnvironment environment,
      MeterRegistry registry) {
    this.environment = environment;
    this.policies = new PolicyCatalog(catalog.jdbi());
    Map<RecoveryConnector, List<RecoveryStep>> steps = new HashMap<>();
    List<RecoveryStep> modules = new ArrayList<>();
    ServiceLoader.load(StepProvider.class).forEach(p -> modules.addAll(p.steps(environment)));
    for (RecoveryConnector connector : RecoveryConnectors.all()) {
      connectors.put(connector.kind(), connector);
      List<RecoveryStep> offered = new ArrayList<>(connector.steps(environment));
      offered.addAll(modules);
      steps.put(connector, offered);
    }
    this.executor = new RecoveryExecutor(new Journal(catalog.jdbi()),
        environment::applicationKind, steps);
    this.servers = new ProtectedServers(catalog);
    this.watch = environment.watch();
    this.meters = new RecoveryMeters(registry);
  }

  /**
   * Says why runs may not start here now (this near-line is a peer, or fenced), or nothing;
   * asked before every run, and before primaries are watched.
   */
  public void setRefusal(Supplier<java.util.Optional<String>> refusal) {
    this.refusal = refusal;
  }

  private void requireAllowed() {
    refusal.get().ifPresent(why -> {
      throw new NearlineException(409, why);
    });
  }

  /** Named recovery points. */
  public RecoveryTags tags() {
    return environment.tags();
  }

  public void start() {
    java.util.Optional<String> refused = refusal.get();
    for (long run : refused.isPresent() ? List.<Long>of() : executor.interrupted()) {
      if (RecoveryExecutor.plan(executor.load(run)).isDrill()) {
        LOG.info("ending drill run {} interrupted by a stop, and cleaning it up", run);
        drillWorker.submit(() -> report(run, () -> executor.endInterrupted(run,
            "interrupted: Nearline stopped during the drill")));
      } else {
        LOG.info("resuming recovery run {} interrupted by a stop", run);
        submit(run);
      }
    }
    refused.ifPresent(why -> {
      if (!executor.interrupted().isEmpty()) {
        LOG.warn("runs {} were interrupted by a stop and are not resumed here: {}",
            executor.interrupted(), why);
      }
    });
    watcher.scheduleWithFixedDelay(this::watchPrimaries, 1, 1, TimeUnit.SECONDS);
  }

  /** Closes the removed server's connection to its primary (the watch's), before it returns. */
  public void removed(ProtectedServerRow server) {
    watch.removed(server);
  }

  private void watchPrimaries() {
    if (refusal.get().isPresent()) {
      return;
    }
    try {
      for (ProtectedServerRow row : servers.all()) {
        if (!row.paused()) {
          watch.look(row);
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("primary watch skipped a round: {}", e.toString());
    }
  }

  @Override
  public CheckReport addPair(RecoveryPair pair) {
    RecoveryPair checked = withSettings(pair);
    CheckReport report = connector(checked).checkStandby(checked, environment);
    if (!report.passed()) {
      throw new NearlineException(422, report.text().strip());
    }
    policies.savePair(checked, Json.write(report));
    return report;
  }

  /**
   * The application's usual failover, less what the policy gives no means for: no directory,
   * nothing rebound; neither directory nor DNS, no clients re-homed.
   */
  private static List<StepKind> usualSteps(RecoveryConnector connector, RecoveryPolicy policy) {
    List<StepKind> steps = new ArrayList<>(connector.defaultFailover());
    if (policy.directory() == null) {
      steps.remove(StepKind.REBIND_DIRECTORY);
      if (policy.dns() == null) {
        steps.remove(StepKind.REHOME_CLIENTS);
      }
    }
    return steps;
  }

  @Override
  public CheckReport checkStandby(RecoveryPair pair) {
    RecoveryPair checked = withSettings(pair);
    return connector(checked).checkStandby(checked, environment);
  }

  /** The pair, valid, with its standbys' application settings checked. */
  private RecoveryPair withSettings(RecoveryPair pair) {
    valid(pair, "recovery pair");
    RecoveryConnector connector = connector(pair);
    return new RecoveryPair(pair.name(), pair.primary(),
        settings(connector, pair.standby(), "standby"),
        pair.primaryHost() == null ? null
            : settings(connector, pair.primaryHost(), "primaryHost"));
  }

  /** The standby's application settings, checked; a field at fault is named from the pair. */
  private static Standby settings(RecoveryConnector connector, Standby standby, String role) {
    try {
      return connector.checkSettings(standby);
    } catch (InvalidConfigException e) {
      Map<String, String> fields = new TreeMap<>();
      e.fields().forEach((field, problem) -> fields.put(role + "." + field, problem));
      throw new NearlineException(400, "invalid " + role + " " + standby.name(), fields, e);
    }
  }

  @Override
  public CheckReport checkPair(String name) {
    RecoveryPair pair = pair(name);
    return connector(pair).checkStandby(pair, environment);
  }

  @Override
  public List<RecoveryPair> pairs() {
    return policies.pairs();
  }

  @Override
  public CheckReport savePolicy(RecoveryPolicy policy) {
    valid(policy, "recovery policy");
    List<RecoveryConnector> used = new ArrayList<>();
    for (String name : policy.pairs()) {
      RecoveryPair pair = policies.pair(name).orElseThrow(() -> new NearlineException(400,
          "policy " + policy.name() + " names pair " + name + ", which does not exist; add it "
              + "first", Map.of("pairs", "names pair " + name + ", which does not exist"),
          null));
      used.add(connector(pair));
    }
    RecoveryPolicy complete = policy.steps().isEmpty()
        ? policy.withSteps(usualSteps(used.get(0), policy)) : policy;
    valid(complete, "recovery policy");
    try {
      used.forEach(connector -> connector.checkPolicy(complete));
    } catch (InvalidConfigException e) {
      throw new NearlineException(400, e.getMessage(), e.fields(), e);
    }
    policyChecks.forEach(check -> check.accept(complete));
    CheckReport report = PolicyCheck.check(complete);
    if (!report.passed()) {
      throw new NearlineException(422, report.text().strip());
    }
    policies.savePolicy(complete);
    return report;
  }

  @Override
  public List<RecoveryPolicy> policies() {
    return policies.policies();
  }

  @Override
  public PolicyFile export() {
    return policies.export();
  }

  @Override
  public ImportReport importFile(String json) {
    PolicyFile file;
    try {
      file = PolicyFile.parse(json);
    } catch (InvalidConfigException e) {
      throw new NearlineException(400, e.getMessage(), e.fields(), e);
    }
    List<String> reports = new ArrayList<>();
    for (RecoveryPair pair : file.pairs()) {
      reports.add(addPair(pair).text());
    }
    for (RecoveryPolicy policy : file.policies()) {
      reports.add(savePolicy(policy).text());
    }
    return new ImportReport(file.pairs().size(), file.policies().size(), reports);
  }

  @Override
  public RunRecord start(String policyName, RunKind kind, boolean dryRun) {
    requireAllowed();
    RecoveryPolicy policy = policies.policy(policyName).orElseThrow(
        () -> new NearlineException(404, "no recovery policy " + policyName));
    List<RecoveryPair> pairs = new ArrayList<>();
    for (String name : policy.pairs()) {
      pairs.add(pair(name));
    }
    Long reverses = null;
    if (kind == RunKind.FAILBACK) {
      reverses = lastFailover(policyName);
      for (RecoveryPair pair : pairs) {
        if (pair.primaryHost() == null) {
          throw new NearlineException(400, "pair " + pair.name() + " has no primaryHost: add "
              + "how Nearline reaches " + pair.primary() + "'s host, then fail back");
        }
      }
    } else if (kind != RunKind.FAILOVER) {
      throw new NearlineException(404, "runs are failover or failback, not " + kind.id()
          + "; drills start with startDrill");
    }
    Map<String, String> applications = new HashMap<>();
    for (RecoveryPair pair : pairs) {
      applications.put(pair.name(), connector(pair).kind());
    }
    RunPlan plan = new RunPlan(kind, policy, pairs, reverses, applications);
    if (dryRun) {
      return executor.dryRun(plan);
    }
    long id;
    List<Long> preempted = new ArrayList<>();
    List<Long> waiting = new ArrayList<>();
    String why;
    synchronized (this) {
      id = executor.create(plan);
      why = "pre-empted by " + kind.id() + " run " + id;
      for (RunRecord drill : runsSharing(plan, true)) {
        LOG.warn("failover run {} pre-empts drill run {}", id, drill.id());
        (executor.stop(drill.id(), why) ? preempted : waiting).add(drill.id());
      }
    }
    // The failover waits only for the drills' clean-up, which frees the servers they held. A
    // drill still waiting for its turn is ended here, not waited for.
    worker.submit(() -> {
      for (long drill : waiting) {
        try {
          ended(executor.endInterrupted(drill, why));
        } catch (IllegalStateException startedMeanwhile) {
          preempted.add(drill);
        }
      }
      if (!preempted.isEmpty()) {
        awaitEnded(preempted, pairs);
      }
      report(id, () -> executor.execute(id));
    });
    return executor.load(id);
  }

  @Override
  public RunRecord startDrill(String policyName, DrillTarget target, String trigger,
      boolean dryRun, RecoveryPoint point) {
    requireAllowed();
    RecoveryPolicy saved = policies.policy(policyName).orElseThrow(
        () -> new NearlineException(404, "no recovery policy " + policyName));
    if (point != null) {
      valid(point, "recovery point");
    }
    RecoveryPolicy policy = point == null ? saved : saved.withPoint(point);
    if (policy.pairs().size() > 1) {
      // Each pair would have its own point and figures; reports and tags hold one.
      throw new NearlineException(400, "policy " + policyName + " has " + policy.pairs().size()
          + " pairs; drills rehearse one pair at a time for now: drill a policy per pair");
    }
    List<RecoveryPair> pairs = new ArrayList<>();
    Map<String, String> applications = new HashMap<>();
    for (String name : policy.pairs()) {
      RecoveryPair pair = pair(name);
      RecoveryConnector connector = connector(pair);
      try {
        connector.drillSteps(target);
      } catch (UnsupportedOperationException e) {
        throw new NearlineException(400, "policy " + policyName + ": " + e.getMessage());
      }
      pairs.add(pair);
      applications.put(pair.name(), connector.kind());
    }
    RunPlan plan = new RunPlan(RunKind.DRILL, policy, pairs, null, applications,
        new DrillSpec(target, trigger));
    if (dryRun) {
      return executor.dryRun(plan);
    }
    long id = createUnlessBusy(plan, "policy " + policyName + "'s servers are", "drill");
    drillWorker.submit(() -> report(id, () -> executor.execute(id)));
    return executor.load(id);
  }

  /**
   * Journals the run, unless another run uses its servers: refused (409) naming that run, for
   * a drill, a rehearsal or a cutover waits until it has ended.
   */
  private synchronized long createUnlessBusy(RunPlan plan, String subject, String what) {
    List<RunRecord> busy = runsSharing(plan, false);
    if (!busy.isEmpty()) {
      RunRecord other = busy.get(0);
      throw new NearlineException(409, subject + " in use by " + other.kind().id() + " run "
          + other.id() + " of policy " + other.policy() + " ("
          + other.state().name().toLowerCase() + "); a " + what + " waits until it has ended"
          + (other.state() == RunState.FAILED ? " (retry, skip or roll it back)" : ""));
    }
    return executor.create(plan);
  }

  @Override
  public CheckReport checkMigration(MigrationPlan plan) {
    RecoveryConnector connector = connector(plan.pair());
    try {
      return connector.checkMigration(plan, environment);
    } catch (UnsupportedOperationException e) {
      throw new NearlineException(400, plan.server() + ": " + e.getMessage());
    }
  }

  @Override
  public void retireMigration(MigrationPlan plan) {
    try {
      connector(plan.pair()).retireMigration(plan, environment);
    } catch (UnsupportedOperationException e) {
      throw new NearlineException(400, plan.server() + ": " + e.getMessage());
    } catch (Exception e) {
      throw new NearlineException(502, "cannot retire the old side of " + plan.server()
          + "'s migration: " + e.getMessage());
    }
  }

  @Override
  public RunRecord startMigration(MigrationPlan migration, boolean dryRun) {
    return startMigration(migration, null, dryRun);
  }

  @Override
  public RunRecord startRehearsal(MigrationPlan migration, String trigger, boolean dryRun) {
    return startMigration(migration, new DrillSpec(DrillTarget.SANDBOX, trigger), dryRun);
  }

  /** A cutover, or with {@code rehearsal} a rehearsal of it, run as a drill is. */
  private RunRecord startMigration(MigrationPlan migration, DrillSpec rehearsal,
      boolean dryRun) {
    requireAllowed();
    RecoveryPolicy policy = policies.policy(migration.policy()).orElseThrow(
        () -> new NearlineException(404, "no recovery policy " + migration.policy()));
    RecoveryPair pair = migration.pair();
    RecoveryConnector connector = connector(pair);
    try {
      connector.migrationSteps(rehearsal != null);
    } catch (UnsupportedOperationException e) {
      throw new NearlineException(400, migration.server() + ": " + e.getMessage());
    }
    RunPlan plan = new RunPlan(RunKind.MIGRATION, policy, List.of(pair), null,
        Map.of(pair.name(), connector.kind()), rehearsal, migration);
    if (dryRun) {
      return executor.dryRun(plan);
    }
    long id = createUnlessBusy(plan, migration.server() + " is",
        rehearsal == null ? "cutover" : "rehearsal");
    (rehearsal == null ? worker : drillWorker).submit(() -> report(id,
        () -> executor.execute(id)));
    return executor.load(id);
  }

  /**
   * Runs that use a primary (its surrogate) or a standby of {@code plan}: running drills when
   * {@code drillsOnly}; else also any run stopped by a failure, which may still hold them (an
   * instant copy serving clients, a partial restore) until it is retried or rolled back.
   */
  private List<RunRecord> runsSharing(RunPlan plan, boolean drillsOnly) {
    Set<String> servers = servers(plan);
    List<RunRecord> out = new ArrayList<>();
    for (RunRecord listed : executor.recent(500)) {
      boolean holds = listed.state() == RunState.RUNNING
          || !drillsOnly && listed.state() == RunState.FAILED;
      if (!holds) {
        continue;
      }
      RunRecord run = executor.load(listed.id());
      RunPlan other = RecoveryExecutor.plan(run);
      if ((!drillsOnly || other.isDrill())
          && servers(other).stream().anyMatch(servers::contains)) {
        out.add(run);
      }
    }
    return out;
  }

  private static Set<String> servers(RunPlan plan) {
    Set<String> out = new HashSet<>();
    for (RecoveryPair pair : plan.pairs()) {
      out.add("primary:" + pair.primary());
      out.add("standby:" + pair.standby().name());
    }
    return out;
  }

  /**
   * Waits until the pre-empted drills have been cleaned up (ten minutes at most) and the
   * surrogates they held run again.
   */
  private void awaitEnded(List<Long> drills, List<RecoveryPair> pairs) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    try {
      for (long id : drills) {
        while (executor.load(id).state() == RunState.RUNNING) {
          if (System.nanoTime() > deadline) {
            LOG.error("drill run {} has not ended ten minutes after it was pre-empted; the "
                + "failover goes on regardless", id);
            break;
          }
          Thread.sleep(100);
        }
      }
      for (RecoveryPair pair : pairs) {
        environment.awaitReleased(pair.primary());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void addRollbackCheck(Consumer<RunRecord> check) {
    rollbackChecks.add(check);
  }

  @Override
  public void addPolicyCheck(Consumer<RecoveryPolicy> check) {
    policyChecks.add(check);
  }

  @Override
  public void onRunEnded(Consumer<RunRecord> listener) {
    endListeners.add(listener);
  }

  /** The policy's newest successful failover, unless a failback has already reversed it. */
  private long lastFailover(String policy) {
    for (RunRecord run : executor.recent(500)) {
      if (!run.policy().equals(policy) || run.state() != RunState.SUCCEEDED) {
        continue;
      }
      if (run.kind() == RunKind.FAILBACK) {
        throw new NearlineException(409, "policy " + policy + "'s last failover was already "
            + "failed back by run " + run.id());
      }
      if (run.kind() == RunKind.FAILOVER) {
        return run.id();
      }
    }
    throw new NearlineException(409, "policy " + policy + " has no finished failover to fail "
        + "back");
  }

  @Override
  public RunRecord run(long id) {
    try {
      return executor.load(id);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(404, e.getMessage());
    }
  }

  @Override
  public List<RunRecord> runs() {
    return executor.recent(50);
  }

  @Override
  public RunRecord act(long id, RunAction action, String reason) {
    requireAllowed();
    run(id);
    if (action == RunAction.SKIP && (reason == null || reason.isBlank())) {
      throw new NearlineException(400, "say why the step is skipped (reason); it is journaled");
    }
    if (action == RunAction.ROLLBACK) {
      rollbackChecks.forEach(check -> check.accept(run(id)));
    }
    boolean drill = RecoveryExecutor.plan(run(id)).isDrill();
    (drill ? drillWorker : worker).submit(() -> report(id, () -> switch (action) {
      case RETRY -> executor.retry(id);
      case SKIP -> executor.skip(id, reason);
      case ROLLBACK -> executor.rollback(id);
    }));
    return run(id);
  }

  private void submit(long id) {
    worker.submit(() -> report(id, () -> executor.execute(id)));
  }

  /** Does {@code work} on a run, then reports how it ended; a failure is logged. */
  private void report(long id, Supplier<RunRecord> work) {
    try {
      ended(work.get());
    } catch (Exception e) {
      LOG.error("recovery run {} stopped: {}", id, e.getMessage(), e);
    }
  }

  /**
   * A run that is over needs no log reader any more; the meters and the listeners (the drills)
   * hear of every end.
   */
  private void ended(RunRecord run) {
    meters.ended(run);
    if (run.state() == RunState.SUCCEEDED || run.state() == RunState.ROLLED_BACK
        || run.state() == RunState.STOPPED) {
      environment.runEnded(run.id());
    }
    if (run.state() != RunState.RUNNING) {
      for (Consumer<RunRecord> listener : endListeners) {
        try {
          listener.accept(run);
        } catch (RuntimeException e) {
          LOG.error("a listener failed on the end of run {}: {}", run.id(), e.toString(), e);
        }
      }
    }
  }

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  private RecoveryPair pair(String name) {
    return policies.pair(name).orElseThrow(
        () -> new NearlineException(404, "no recovery pair " + name));
  }

  /** The recovery of the pair's primary's application. */
  private RecoveryConnector connector(RecoveryPair pair) {
    ProtectedServerRow primary = servers.find(pair.primary()).orElseThrow(
        () -> new NearlineException(400, "pair " + pair.name() + ": " + pair.primary()
            + " is not a protected server; protect it first", Map.of("primary",
            "is not a protected server"), null));
    RecoveryConnector connector = connectors.get(primary.kind());
    if (connector == null) {
      throw new NearlineException(400, "this server has no recovery for " + primary.kind()
          + " servers such as " + pair.primary());
    }
    return connector;
  }

  private static void valid(Record value, String what) {
    Map<String, String> problems = Validation.problems(value);
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "invalid " + what, problems, null);
    }
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    worker.shutdownNow();
    // A drill is stopped and cleaned up, not cut off: its clone must not outlive the server.
    try {
      for (long run : executor.interrupted()) {
        executor.stop(run, "interrupted: Nearline stopped during the drill");
      }
    } catch (RuntimeException e) {
      LOG.warn("could not ask every drill to stop: {}", e.toString());
    }
    drillWorker.shutdown();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
      if (!drillWorker.awaitTermination(60, TimeUnit.SECONDS)) {
        // Not cut off: the journal still says it runs, and the next start finishes it.
        LOG.warn("a drill's clean-up did not finish before the stop; it is finished at the "
            + "next start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watch.close();
  }
}

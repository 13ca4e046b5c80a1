package io.nearline.server.recovery;

import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.recovery.InvalidPolicyException;
import io.nearline.recovery.PolicyCatalog;
import io.nearline.recovery.PolicyFile;
import io.nearline.recovery.RecoveryJson;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.journal.Journal;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.postgres.PostgresSteps;
import io.nearline.recovery.postgres.StandbyCheck;
import io.nearline.recovery.run.RecoveryExecutor;
import io.nearline.recovery.run.RunPlan;
import io.nearline.recovery.steps.PolicyCheck;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.collect.NearlineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery pairs, policies and runs for the API and CLI. Runs execute one at a time on a worker
 * thread; runs a crash interrupted are resumed from the journal when the server starts.
 */
public final class RecoveryService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryService.class);

  private final PolicyCatalog policies;
  private final RecoveryExecutor executor;
  private final StandbyCheck check;
  private final ProtectedServers servers;
  private final PrimaryWatch watch;
  private final RecoveryTags tags;
  private final RecoveryMeters meters;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "recovery-runs");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "primary-watch");
        t.setDaemon(true);
        return t;
      });

  public RecoveryService(Catalog catalog, ServerEnvironment environment,
      MeterRegistry registry) {
    this.policies = new PolicyCatalog(catalog.jdbi());
    this.executor = new RecoveryExecutor(new Journal(catalog.jdbi()),
        PostgresSteps.all(environment));
    this.check = new StandbyCheck(environment);
    this.servers = new ProtectedServers(catalog);
    this.watch = environment.watch();
    this.tags = environment.tags();
    this.meters = new RecoveryMeters(registry);
  }

  /** Named recovery points. */
  public RecoveryTags tags() {
    return tags;
  }

  public void start() {
    for (long run : executor.interrupted()) {
      LOG.info("resuming recovery run {} interrupted by a stop", run);
      submit(run);
    }
    watcher.scheduleWithFixedDelay(this::watchPrimaries, 1, 1, TimeUnit.SECONDS);
  }

  private void watchPrimaries() {
    try {
      for (ProtectedServerRow row : servers.all()) {
        if (!row.paused()) {
          watch.look(row.name(), row.primaryConnection());
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("primary watch skipped a round: {}", e.toString());
    }
  }

  /** Checks the standby and saves the pair only if the check passes. */
  public CheckReport addPair(RecoveryPair pair) {
    try {
      pair.validate();
      CheckReport report = check.check(pair);
      if (!report.passed()) {
        throw new NearlineException(422, report.text().strip());
      }
      policies.savePair(pair, RecoveryJson.write(report));
      return report;
    } catch (InvalidPolicyException e) {
      throw new NearlineException(400, e.getMessage());
    }
  }

  public CheckReport checkPair(String name) {
    return check.check(pair(name));
  }

  public List<RecoveryPair> pairs() {
    return policies.pairs();
  }

  /** Checks what the policy names in the directory and DNS, and saves it if the check passes. */
  public CheckReport savePolicy(RecoveryPolicy policy) {
    try {
      policy.validate();
      CheckReport report = PolicyCheck.check(policy);
      if (!report.passed()) {
        throw new NearlineException(422, report.text().strip());
      }
      policies.savePolicy(policy);
      return report;
    } catch (InvalidPolicyException e) {
      throw new NearlineException(400, e.getMessage());
    }
  }

  public List<RecoveryPolicy> policies() {
    return policies.policies();
  }

  public PolicyFile export() {
    return policies.export();
  }

  /** Imports a policy file: its pairs (each checked) and then its policies. */
  public Map<String, Object> importFile(String json) {
    PolicyFile file;
    try {
      file = PolicyFile.parse(json);
    } catch (InvalidPolicyException e) {
      throw new NearlineException(400, e.getMessage());
    }
    List<String> reports = new ArrayList<>();
    for (RecoveryPair pair : file.pairs()) {
      reports.add(addPair(pair).text());
    }
    for (RecoveryPolicy policy : file.policies()) {
      reports.add(savePolicy(policy).text());
    }
    return Map.of("pairs", file.pairs().size(), "policies", file.policies().size(),
        "checks", reports);
  }

  /**
   * Starts a run of {@code policy}, or plans one when {@code dryRun}: a failover, or a failback
   * that reverses the policy's last finished failover.
   */
  public RunRecord start(String policyName, String kind, boolean dryRun) {
    RecoveryPolicy policy = policies.policy(policyName).orElseThrow(
        () -> new NearlineException(404, "no recovery policy " + policyName));
    List<RecoveryPair> pairs = new ArrayList<>();
    for (String name : policy.pairs()) {
      pairs.add(pair(name));
    }
    Long reverses = null;
    if (kind.equals("failback")) {
      reverses = lastFailover(policyName);
      for (RecoveryPair pair : pairs) {
        if (pair.primaryHost() == null) {
          throw new NearlineException(400, "pair " + pair.name() + " has no primaryHost: add "
              + "how Nearline reaches " + pair.primary() + "'s host, then fail back");
        }
      }
    } else if (!kind.equals("failover")) {
      throw new NearlineException(404, "runs are failover or failback, not " + kind);
    }
    RunPlan plan = new RunPlan(kind, policy, pairs, reverses);
    if (dryRun) {
      return executor.dryRun(plan);
    }
    long id = executor.create(plan);
    submit(id);
    return executor.load(id);
  }

  /** The policy's newest successful failover, unless a failback has already reversed it. */
  private long lastFailover(String policy) {
    for (RunRecord run : executor.recent(500)) {
      if (!run.policy().equals(policy) || run.state() != RunState.SUCCEEDED) {
        continue;
      }
      if (run.kind().equals("failback")) {
        throw new NearlineException(409, "policy " + policy + "'s last failover was already "
            + "failed back by run " + run.id());
      }
      if (run.kind().equals("failover")) {
        return run.id();
      }
    }
    throw new NearlineException(409, "policy " + policy + " has no finished failover to fail "
        + "back");
  }

  public RunRecord run(long id) {
    try {
      return executor.load(id);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(404, e.getMessage());
    }
  }

  public List<RunRecord> runs() {
    return executor.recent(50);
  }

  /** Retry, skip or rollback, on the worker; the caller polls the run. */
  public RunRecord act(long id, String action, String reason) {
    run(id);
    if (action.equals("skip") && (reason == null || reason.isBlank())) {
      throw new NearlineException(400, "say why the step is skipped (reason); it is journaled");
    }
    worker.submit(() -> {
      try {
        meters.ended(switch (action) {
          case "retry" -> executor.retry(id);
          case "skip" -> executor.skip(id, reason);
          case "rollback" -> executor.rollback(id);
          default -> throw new IllegalArgumentException(action);
        });
      } catch (Exception e) {
        LOG.error("recovery run {} {} failed: {}", id, action, e.getMessage(), e);
      }
    });
    return run(id);
  }

  private void submit(long id) {
    worker.submit(() -> {
      try {
        meters.ended(executor.execute(id));
      } catch (Exception e) {
        LOG.error("recovery run {} stopped: {}", id, e.getMessage(), e);
      }
    });
  }

  private RecoveryPair pair(String name) {
    return policies.pair(name).orElseThrow(
        () -> new NearlineException(404, "no recovery pair " + name));
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watch.close();
  }
}

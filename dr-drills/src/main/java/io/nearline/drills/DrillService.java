package io.nearline.drills;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.common.json.Json;
import io.nearline.drills.alert.Alert;
import io.nearline.drills.alert.AlertSettingsStore;
import io.nearline.drills.alert.DrillAlerts;
import io.nearline.drills.alert.OverdueWatch;
import io.nearline.drills.report.DrillReport;
import io.nearline.drills.report.DrillResults;
import io.nearline.drills.report.HtmlReport;
import io.nearline.drills.report.Judge;
import io.nearline.drills.report.PdfReport;
import io.nearline.drills.report.ReportFiles;
import io.nearline.drills.schedule.DrillScheduler;
import io.nearline.drills.steps.Probes;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.run.RecoveryExecutor;
import io.nearline.services.AlertSettings;
import io.nearline.services.DrillRecord;
import io.nearline.services.DrillSchedule;
import io.nearline.services.DrillTrend;
import io.nearline.services.Drills;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drills: started through the recovery service as runs of their own kind; when one ends, it is
 * judged, its report is kept and chained, and a passed drill tags the point it proved.
 */
public final class DrillService implements Drills, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DrillService.class);
  private static final DateTimeFormatter TAG_TIME = DateTimeFormatter.ofPattern(
      "yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** How late a scheduled time may fire before it counts as missed (Nearline was down). */
  private static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(15);
  private static final Duration OVERDUE_CHECK = Duration.ofMinutes(1);

  private final Nearline nearline;
  private final DrillResults results;
  private final ReportFiles files;
  private final HtmlReport html = new HtmlReport();
  private final MeterRegistry registry;
  private final AlertSettingsStore alertSettings;
  private final DrillAlerts alerts;
  private final DrillScheduler scheduler;
  private final OverdueWatch overdue;
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "drill-overdue-watch");
        t.setDaemon(true);
        return t;
      });

  /**
   * @param nearline the services; {@code drills} among them may be this one, or null
   * @param connections the catalog's, for the scheduler
   * @param dataDir the server's: reports are kept under {@code drills/}
   */
  public DrillService(Nearline nearline, Jdbi jdbi, DrillScheduler.Connections connections,
      Path dataDir, MeterRegistry registry) throws SchedulerException {
    this.nearline = nearline;
    this.results = new DrillResults(jdbi);
    this.files = new ReportFiles(dataDir.resolve("drills"));
    this.registry = registry;
    this.alertSettings = new AlertSettingsStore(jdbi);
    this.alerts = new DrillAlerts(alertSettings::load, registry);
    this.scheduler = new DrillScheduler(connections, new DrillScheduler.Hooks() {
      @Override
      public void start(String policy, String target, String trigger) {
        run(policy, DrillTarget.of(target), trigger, false);
      }

      @Override
      public void missed(String policy, String why) {
        alerts.raise(new Alert(Alert.MISSED, policy, null, why, Instant.now()));
      }
    }, MISFIRE_THRESHOLD);
    this.overdue = new OverdueWatch(() -> nearline.recovery().policies(), results::lastPassed,
        this::scheduledSince, registry);
    nearline.recovery().onRunEnded(this::ended);
    nearline.recovery().addPolicyCheck(this::checkProbes);
  }

  /** Starts the schedules (a time missed while Nearline was down is noticed now) and watch. */
  public void start() throws SchedulerException {
    scheduler.start();
    watch.scheduleWithFixedDelay(this::checkOverdue, OVERDUE_CHECK.toSeconds(),
        OVERDUE_CHECK.toSeconds(), TimeUnit.SECONDS);
  }

  private void checkOverdue() {
    try {
      overdue.due(Instant.now()).forEach(alerts::raise);
    } catch (RuntimeException e) {
      LOG.warn("the overdue drill check skipped a round: {}", e.toString());
    }
  }

  private Optional<Instant> scheduledSince(String policy) {
    try {
      return scheduler.since(policy);
    } catch (SchedulerException e) {
      return Optional.empty();
    }
  }

  @Override
  public DrillSchedule schedule(String policy, DrillSchedule schedule) {
    policy(policy);
    try {
      if (schedule.target() != null) {
        DrillTarget.of(schedule.target());
      }
      return scheduler.schedule(policy, schedule);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage());
    } catch (SchedulerException e) {
      throw new NearlineException(500, "the schedule could not be saved: " + e.getMessage());
    }
  }

  @Override
  public void unschedule(String policy) {
    try {
      if (!scheduler.unschedule(policy)) {
        throw new NearlineException(404, "policy " + policy + " has no drill schedule");
      }
    } catch (SchedulerException e) {
      throw new NearlineException(500, "the schedule could not be removed: " + e.getMessage());
    }
  }

  @Override
  public List<DrillSchedule> schedules() {
    try {
      return scheduler.all();
    } catch (SchedulerException e) {
      throw new NearlineException(500, "the schedules cannot be read: " + e.getMessage());
    }
  }

  @Override
  public AlertSettings alertSettings() {
    return alertSettings.load();
  }

  @Override
  public AlertSettings saveAlertSettings(AlertSettings settings) {
    return alertSettings.save(settings);
  }

  private RecoveryPolicy policy(String name) {
    return nearline.recovery().policies().stream().filter(p -> p.name().equals(name))
        .findFirst().orElseThrow(() -> new NearlineException(404, "no recovery policy "
            + name));
  }

  @Override
  public void close() throws Exception {
    watch.shutdownNow();
    scheduler.close();
    alerts.close();
  }

  @Override
  public RunRecord run(String policyName, DrillTarget target, String trigger, boolean dryRun,
      io.nearline.recovery.RecoveryPoint point) {
    RecoveryPolicy policy = policy(policyName);
    checkProbes(policy);
    return nearline.recovery().startDrill(policyName, target, trigger, dryRun, point);
  }

  /** Every probe the policy names exists here and checks its pairs' application. */
  private void checkProbes(RecoveryPolicy policy) {
    List<String> applications = new ArrayList<>();
    for (String pairName : policy.pairs()) {
      nearline.recovery().pairs().stream().filter(p -> p.name().equals(pairName)).findFirst()
          .map(RecoveryPair::primary).flatMap(primary -> nearline.protection().statuses()
              .stream().filter(s -> s.name().equals(primary)).findFirst())
          .ifPresent(s -> applications.add(s.kind()));
    }
    for (ProbeSpec probe : policy.drills().probes()) {
      for (String application : applications) {
        try {
          Probes.of(probe.kind(), application);
        } catch (IllegalArgumentException e) {
          throw new NearlineException(400, "policy " + policy.name() + ", probe "
              + probe.label() + ": " + e.getMessage());
        }
      }
    }
  }

  @Override
  public List<DrillRecord> list(String policy, int limit) {
    List<DrillRecord> out = new ArrayList<>();
    for (RunRecord run : nearline.recovery().runs()) {
      if (run.kind() == RunKind.DRILL && run.state() == RunState.RUNNING
          && (policy == null || policy.equals(run.policy()))) {
        out.add(running(nearline.recovery().run(run.id()))); // the list leaves plans out
      }
    }
    for (DrillResults.Row row : results.newest(policy, limit)) {
      out.add(record(row));
    }
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  @Override
  public DrillRecord show(long id) {
    return results.find(id).map(this::record).orElseGet(() -> {
      RunRecord run = nearline.recovery().run(id);
      if (run.kind() != RunKind.DRILL) {
        throw new NearlineException(404, "run " + id + " is a " + run.kind().id()
            + ", not a drill");
      }
      return running(run);
    });
  }

  @Override
  public byte[] report(long id, ReportFormat format) {
    DrillResults.Row row = results.find(id).orElseThrow(() -> new NearlineException(404,
        "drill " + id + " has no report: it has not ended, or is not a drill"));
    byte[] json;
    try {
      json = Files.readAllBytes(Path.of(row.reportFile()));
    } catch (IOException e) {
      throw new NearlineException(500, "drill " + id + "'s report " + row.reportFile()
          + " cannot be read: " + e.getMessage());
    }
    if (format == ReportFormat.JSON) {
      return json;
    }
    DrillReport report = Json.read(new String(json, java.nio.charset.StandardCharsets.UTF_8),
        DrillReport.class);
    byte[] page = html.render(report, ReportFiles.sha256(json));
    return format == ReportFormat.HTML ? page : PdfReport.of(page);
  }

  @Override
  public DrillTrend trend(String policyName, int last) {
    RecoveryPolicy policy = policy(policyName);
    List<DrillTrend.Point> points = new ArrayList<>();
    for (DrillResults.Row row : results.newest(policyName, last)) {
      points.add(0, new DrillTrend.Point(row.runId(), Instant.ofEpochMilli(row.endedAt()),
          row.target(), row.outcome(), seconds(row.rtoMs()), seconds(row.rpoMs())));
    }
    List<Double> rtos = points.stream().map(DrillTrend.Point::rtoSeconds)
        .filter(java.util.Objects::nonNull).sorted().toList();
    String basedOn = policy.instant() ? "sandbox" : "standby";
    List<Double> basis = results.newest(policyName, 200).stream()
        .filter(r -> r.outcome().equals(DrillReport.Outcome.PASSED))
        .filter(r -> r.target().equals(basedOn) && r.rtoMs() != null).limit(5)
        .map(r -> r.rtoMs() / 1000.0).toList();
    Double predicted = basis.stream().max(Double::compare).orElse(null);
    String why = basis.isEmpty() ? "no passed " + basedOn + " drill yet: drill "
        + (policy.instant() ? "in the sandbox" : "on the standby") + " to predict a failover"
        : "the slowest of the last " + basis.size() + " passed " + basedOn + " drills"
        + (policy.instant() ? " (an instant failover serves clients from the same clone)"
        : " (each a real restore to the standby)");
    return new DrillTrend(policyName, points, policy.rtoTargetSeconds(),
        policy.rpoTargetSeconds(), rtos.isEmpty() ? null : rtos.get(rtos.size() / 2),
        rtos.isEmpty() ? null : rtos.get(rtos.size() - 1), predicted, why);
  }

  @Override
  public ChainCheck verify(String policy) {
    List<String> problems = new ArrayList<>();
    List<DrillResults.Row> chain = results.chain(policy);
    String previous = null;
    for (DrillResults.Row row : chain) {
      String at = "drill " + row.runId() + " (" + row.reportFile() + "): ";
      try {
        byte[] json = Files.readAllBytes(Path.of(row.reportFile()));
        if (!ReportFiles.sha256(json).equals(row.reportSha256())) {
          problems.add(at + "edited: its SHA-256 is not the one recorded when it was written");
        }
        DrillReport report = Json.read(new String(json,
            java.nio.charset.StandardCharsets.UTF_8), DrillReport.class);
        if (!java.util.Objects.equals(report.previousSha256(), previous)) {
          problems.add(at + "out of the chain: it does not name the previous report's "
              + "SHA-256");
        }
      } catch (IOException | RuntimeException e) {
        problems.add(at + "cannot be read: " + e.getMessage());
      }
      previous = row.reportSha256();
    }
    return new ChainCheck(policy, chain.size(), problems);
  }

  /** A drill run ended: judge it, keep its report, tag the point it proved. */
  private synchronized void ended(RunRecord run) {
    if (run.kind() != RunKind.DRILL || results.find(run.id()).isPresent()) {
      return;
    }
    if (run.state() == RunState.FAILED) {
      // Not over: its clean-up failed and waits for the operator; it is judged once it is.
      alerts.raise(new Alert(Alert.FAILED, run.policy(), run.id(), "drill " + run.id()
          + " of policy " + run.policy() + " could not clean up after itself; the surrogate may "
          + "be held until it does: retry its clean-up (nearline run retry " + run.id() + ")",
          Instant.now()));
      return;
    }
    try {
      String previous = results.lastSha256(run.policy()).orElse(null);
      DrillReport report = Judge.report(run, previous);
      ReportFiles.Written written = files.write(report);
      results.insert(new DrillResults.Row(run.id(), report.policy(), report.target(),
          report.trigger(), report.outcome(), report.startedAt().toEpochMilli(),
          report.endedAt().toEpochMilli(), report.point(), report.pointCommitAt() == null
          ? null : report.pointCommitAt().toEpochMilli(), millis(report.figures().rtoSeconds()),
          millis(report.figures().rpoSeconds()), written.file().toString(), written.sha256(),
          previous));
      Counter.builder("nearline.drill.runs").description("Drills that ended, by outcome")
          .tag("policy", run.policy()).tag("outcome", report.outcome()).register(registry)
          .increment();
      LOG.atInfo().addKeyValue("drill", run.id()).addKeyValue("policy", run.policy())
          .addKeyValue("outcome", report.outcome()).addKeyValue("deviations",
              report.deviations()).log("drill ended");
      if (report.passed()) {
        tag(run, report);
      } else if (!report.outcome().equals(DrillReport.Outcome.PRE_EMPTED)) {
        // A pre-empted drill gave way to a real failover, which is news enough.
        alerts.raise(new Alert(report.outcome().equals(DrillReport.Outcome.INTERRUPTED)
            ? Alert.MISSED : Alert.FAILED, run.policy(), run.id(), "drill " + run.id()
            + " of policy " + run.policy() + " " + report.outcome() + ": "
            + String.join("; ", report.deviations()), Instant.now()));
      }
    } catch (Exception e) {
      LOG.error("drill {} ended but its report could not be kept: {}", run.id(), e.toString(),
          e);
    }
  }

  /** Tags the point a passed drill restored: {@code tested-at-<time>-drill-<id>}. */
  private void tag(RunRecord run, DrillReport report) {
    if (report.point() == null) {
      return;
    }
    String name = "tested-at-" + TAG_TIME.format(report.endedAt()) + "-drill-" + run.id();
    for (RecoveryPair pair : RecoveryExecutor.plan(run).pairs()) {
      try {
        nearline.points().add(pair.primary(), name, report.point());
      } catch (RuntimeException e) {
        LOG.warn("drill {} passed but its point could not be tagged on {}: {}", run.id(),
            pair.primary(), e.getMessage());
      }
    }
  }

  private static Long millis(Double seconds) {
    return seconds == null ? null : Math.round(seconds * 1000);
  }

  private DrillRecord record(DrillResults.Row row) {
    DrillReport report = null;
    try {
      report = Json.read(Files.readString(Path.of(row.reportFile())), DrillReport.class);
    } catch (IOException | RuntimeException unreadable) {
      LOG.warn("drill {}'s report cannot be read: {}", row.runId(), unreadable.toString());
    }
    return new DrillRecord(row.runId(), row.policy(), row.target(), row.triggerText(),
        row.outcome(), Instant.ofEpochMilli(row.startedAt()), Instant.ofEpochMilli(
        row.endedAt()), row.point(), row.pointCommitAt() == null ? null
        : Instant.ofEpochMilli(row.pointCommitAt()), seconds(row.rtoMs()),
        seconds(row.rpoMs()), report == null ? null : report.figures().rtoTargetSeconds(),
        report == null ? null : report.figures().rpoTargetSeconds(),
        report == null ? 0 : (int) report.probes().stream().filter(p -> p.passed()).count(),
        report == null ? 0 : report.probes().size(),
        report == null ? List.of("its report cannot be read") : report.deviations(),
        row.reportSha256());
  }

  private static Double seconds(Long ms) {
    return ms == null ? null : ms / 1000.0;
  }

  private static DrillRecord running(RunRecord run) {
    var plan = RecoveryExecutor.plan(run);
    return new DrillRecord(run.id(), run.policy(), plan.drill().target().id(),
        plan.drill().trigger(), DrillReport.Outcome.RUNNING, run.startedAt(), null, null, null,
        null, null, plan.policy().rtoTargetSeconds(), plan.policy().rpoTargetSeconds(), 0, 0,
        List.of(), null);
  }

}

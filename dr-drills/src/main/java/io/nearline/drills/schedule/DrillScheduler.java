package io.nearline.drills.schedule;

import io.nearline.services.DrillSchedule;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.TriggerListener;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Drill schedules, kept by Quartz in the catalog (its JDBC job store, tables from the drills'
 * migrations) so they outlast restarts. A time missed while Nearline was down is noticed when it
 * starts again (a misfire): the drill then runs once at once, or waits for the next time, and
 * either way an alert says it was missed.
 */
public final class DrillScheduler implements AutoCloseable {
  static final String GROUP = "drills";
  static final String RUN_ONCE = "run-once";
  static final String SKIP = "skip";

  /** What the schedule does when a time comes, or was missed. */
  public interface Hooks {
    /** Starts a drill; throws if it cannot. */
    void start(String policy, String target, String trigger);

    /** A scheduled drill did not run when it should have. */
    void missed(String policy, String why);
  }

  /** A connection to the catalog, for Quartz to use and close. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  private final Scheduler quartz;

  /**
   * @param misfireThreshold how late a time may fire before it counts as missed
   */
  public DrillScheduler(Connections connections, Hooks hooks, Duration misfireThreshold)
      throws SchedulerException {
    // Fixed: the name keys the schedules in the catalog, so it must outlast any move.
    String name = "nearline-drills";
    DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
      @Override
      public Connection getConnection() throws SQLException {
        return connections.open();
      }

      @Override
      public void shutdown() {
      }

      @Override
      public void initialize() {
      }
    });
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", name);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.threadCount", "1");
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "drill-schedule");
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", name);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    // Job data are strings: nothing Java-serialized goes into the catalog.
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    p.setProperty("org.quartz.jobStore.misfireThreshold",
        String.valueOf(misfireThreshold.toMillis()));
    quartz = new StdSchedulerFactory(p).getScheduler();
    quartz.setJobFactory((bundle, scheduler) -> new ScheduledDrill(hooks));
    quartz.getListenerManager().addTriggerListener(new Misfires(hooks));
  }

  public void start() throws SchedulerException {
    quartz.start();
  }

  /** Schedules (or reschedules) the policy's drills; the answer says when they run next. */
  public DrillSchedule schedule(String policy, DrillSchedule s) throws SchedulerException {
    String cron = CronText.quartz(s.cron());
    String zone = s.zone() == null || s.zone().isBlank() ? "UTC" : s.zone();
    try {
      ZoneId.of(zone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("zone " + zone + " is not a time zone; give one such "
          + "as Europe/Berlin or UTC");
    }
    String misfire = s.misfire() == null ? RUN_ONCE : s.misfire();
    CronScheduleBuilder when = CronScheduleBuilder.cronSchedule(cron)
        .inTimeZone(TimeZone.getTimeZone(ZoneId.of(zone)));
    when = switch (misfire) {
      case RUN_ONCE -> when.withMisfireHandlingInstructionFireAndProceed();
      case SKIP -> when.withMisfireHandlingInstructionDoNothing();
      default -> throw new IllegalArgumentException("misfire is run-once or skip, not "
          + misfire);
    };
    JobDetail job = JobBuilder.newJob(ScheduledDrill.class).withIdentity(policy, GROUP)
        .usingJobData(ScheduledDrill.POLICY, policy)
        .usingJobData(ScheduledDrill.TARGET, s.target() == null ? "sandbox" : s.target())
        .usingJobData(ScheduledDrill.CRON, s.cron().strip())
        .usingJobData(ScheduledDrill.ZONE, zone)
        .usingJobData("misfire", misfire).storeDurably().build();
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(policy, GROUP).forJob(job)
        .withSchedule(when).build();
    quartz.scheduleJob(job, Set.of(trigger), true);
    return find(policy).orElseThrow();
  }

  /** Removes the policy's schedule; false if it had none. */
  public boolean unschedule(String policy) throws SchedulerException {
    return quartz.deleteJob(JobKey.jobKey(policy, GROUP));
  }

  public List<DrillSchedule> all() throws SchedulerException {
    List<DrillSchedule> out = new ArrayList<>();
    for (TriggerKey key : quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
      find(key.getName()).ifPresent(out::add);
    }
    return out;
  }

  public Optional<DrillSchedule> find(String policy) throws SchedulerException {
    Trigger trigger = quartz.getTrigger(TriggerKey.triggerKey(policy, GROUP));
    JobDetail job = quartz.getJobDetail(JobKey.jobKey(policy, GROUP));
    if (!(trigger instanceof CronTrigger) || job == null) {
      return Optional.empty();
    }
    var data = job.getJobDataMap();
    return Optional.of(new DrillSchedule(policy, data.getString(ScheduledDrill.CRON),
        data.getString(ScheduledDrill.ZONE), data.getString(ScheduledDrill.TARGET),
        data.getString("misfire"), instant(trigger.getNextFireTime()),
        instant(trigger.getPreviousFireTime())));
  }

  /** When the schedule was made, or last made again: an overdue drill counts from there. */
  public Optional<Instant> since(String policy) throws SchedulerException {
    Trigger trigger = quartz.getTrigger(TriggerKey.triggerKey(policy, GROUP));
    return trigger == null ? Optional.empty() : Optional.of(trigger.getStartTime().toInstant());
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  @Override
  public void close() throws SchedulerException {
    quartz.shutdown(false);
  }

  /** Tells of times missed while Nearline was down. */
  private static final class Misfires implements TriggerListener {
    private final Hooks hooks;

    Misfires(Hooks hooks) {
      this.hooks = hooks;
    }

    @Override
    public String getName() {
      return "nearline-drill-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
      String policy = trigger.getKey().getName();
      boolean runOnce = trigger.getMisfireInstruction()
          == CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
      hooks.missed(policy, "the drill scheduled for " + instant(trigger.getNextFireTime())
          + " did not run (Nearline was not running then)" + (runOnce ? "; it runs now instead"
          : "; the next one runs as scheduled"));
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
      return false;
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
        Trigger.CompletedExecutionInstruction instruction) {
    }
  }
}

package io.nearline.drills.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/** The Quartz job of one policy's schedule: starts a drill of it. */
@DisallowConcurrentExecution
final class ScheduledDrill implements Job {
  static final String POLICY = "policy";
  static final String TARGET = "target";
  static final String CRON = "cron";
  static final String ZONE = "zone";

  private final DrillScheduler.Hooks hooks;

  ScheduledDrill(DrillScheduler.Hooks hooks) {
    this.hooks = hooks;
  }

  @Override
  public void execute(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    String policy = data.getString(POLICY);
    String trigger = "schedule (cron " + data.getString(CRON) + ", " + data.getString(ZONE)
        + ")";
    try {
      hooks.start(policy, data.getString(TARGET), trigger);
    } catch (RuntimeException e) {
      hooks.missed(policy, "the drill scheduled for " + context.getScheduledFireTime()
          .toInstant() + " could not start: " + e.getMessage());
    }
  }
}

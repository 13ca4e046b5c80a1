package io.nearline.services;

import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.RunRecord;
import java.util.List;

/** Dress rehearsals: drills run, listed, reported on, and their report chains verified. */
public interface Drills {

  /**
   * Starts a drill of {@code policy} (the run follows with {@link Recovery#run}), or plans one.
   *
   * @throws NearlineException 404 for no such policy, 400 for a probe it cannot run, 409 when
   *     its servers are busy
   */
  default RunRecord run(String policy, DrillTarget target, String trigger, boolean dryRun) {
    return run(policy, target, trigger, dryRun, null);
  }

  /** The same, at {@code point} rather than the policy's own (null for the policy's). */
  RunRecord run(String policy, DrillTarget target, String trigger, boolean dryRun,
      io.nearline.recovery.RecoveryPoint point);

  /** The newest drills first, of one policy or (null) of all. */
  List<DrillRecord> list(String policy, int limit);

  /** @throws NearlineException 404 for no such drill */
  DrillRecord show(long id);

  /** The report of an ended drill, as kept (json) or rendered from it (html, pdf). */
  byte[] report(long id, ReportFormat format);

  /** The policy's last {@code last} drills and the failover RTO they predict. */
  DrillTrend trend(String policy, int last);

  /** Checks every report of the policy against the chain of their SHA-256s. */
  ChainCheck verify(String policy);

  /**
   * Drills {@code policy} on a schedule from now on (replacing its schedule, if any).
   *
   * @throws NearlineException 400 for a cron expression, zone, target or misfire it cannot use
   */
  DrillSchedule schedule(String policy, DrillSchedule schedule);

  /** @throws NearlineException 404 if the policy has no schedule */
  void unschedule(String policy);

  /** Every schedule, with when it fires next. */
  List<DrillSchedule> schedules();

  /** Where alerts about drills go. */
  AlertSettings alertSettings();

  /** @throws NearlineException 400 for settings at fault */
  AlertSettings saveAlertSettings(AlertSettings settings);

  enum ReportFormat {
    JSON("application/json"), HTML("text/html; charset=utf-8"), PDF("application/pdf");

    private final String contentType;

    ReportFormat(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }

    /** The format a query names: json unless given. */
    public static ReportFormat of(String name) {
      try {
        return name == null ? JSON : valueOf(name.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new NearlineException(400, "a report's format is json, html or pdf, not " + name);
      }
    }
  }

  /**
   * @param reports how many reports were checked
   * @param problems one line per report that is missing, edited, or out of the chain
   */
  record ChainCheck(String policy, int reports, List<String> problems) {
    public boolean intact() {
      return problems.isEmpty();
    }
  }
}

package io.nearline.recovery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * The name of a step a policy orders, such as {@code restore-data}; each is journaled on its
 * own. The set is open: an application's recovery connector brings its own steps, and the
 * engine brings those that work the same for every application (the directory, DNS, restart
 * commands, collection), named here.
 */
public record StepKind(String id) {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  /** Rebinds mailboxes from the primary's store to the standby's. */
  public static final StepKind REBIND_DIRECTORY = new StepKind("rebind-directory");
  /** Points service entries and DNS names at the standby. */
  public static final StepKind REHOME_CLIENTS = new StepKind("rehome-clients");
  /** Runs the policy's restart commands on the standby. */
  public static final StepKind RESTART_SERVICES = new StepKind("restart-services");
  /** Pauses collection from the failed primary. */
  public static final StepKind CLEAN_UP = new StepKind("clean-up");
  /** Failback: undoes a failover's directory and DNS changes, from its journal. */
  public static final StepKind REVERSE_DIRECTORY = new StepKind("reverse-directory");
  /** Failback: a new baseline and surrogate on the primary's new history; collection resumes. */
  public static final StepKind RESUME_PROTECTION = new StepKind("resume-protection");

  /** Drill: reads what the probes compare with from the surrogate at the drill's point. */
  public static final StepKind PROBE_REFERENCE = new StepKind("probe-reference");
  /** Drill: runs the policy's probes against the service the drill brought up. */
  public static final StepKind PROBE = new StepKind("probe");
  /**
   * Drill: removes what the drill brought up and checks nothing is left; runs after a failed
   * step too.
   */
  public static final StepKind DRILL_CLEAN_UP = new StepKind("drill-clean-up");

  public StepKind {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a step is named in lower-case letters, digits and "
          + "'-', not " + id);
    }
  }

  @JsonCreator
  public static StepKind of(String id) {
    return new StepKind(id);
  }

  @JsonValue
  @Override
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}

package io.nearline.recovery;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** The steps a policy orders; each is journaled on its own. */
public enum StepKind {
  /** Instant option: serve clients from a copy-on-write copy of the surrogate on the near-line. */
  INSTANT_SERVE("instant-serve"),
  RESTORE_DATA("restore-data"),
  PROMOTE("promote"),
  REBIND_DIRECTORY("rebind-directory"),
  REHOME_CLIENTS("rehome-clients"),
  RESTART_SERVICES("restart-services"),
  VERIFY("verify"),
  CLEAN_UP("clean-up"),
  /** Failback: undo a failover's directory changes, from its journal. */
  REVERSE_DIRECTORY("reverse-directory"),
  /** Failback: bring the old primary back from the standby (pg_rewind, else a fresh copy). */
  RESTORE_PRIMARY("restore-primary"),
  /** Failback: stop the standby once the primary has all its WAL, then promote the primary. */
  SWITCH_OVER("switch-over"),
  /** Failback: a new baseline and surrogate on the primary's new timeline; collection resumes. */
  RESUME_PROTECTION("resume-protection");

  /** The failover steps, in their usual order. */
  public static final List<StepKind> FAILOVER = List.of(RESTORE_DATA, PROMOTE, REBIND_DIRECTORY,
      REHOME_CLIENTS, RESTART_SERVICES, VERIFY, CLEAN_UP);

  /** The failback steps: every failback runs all of them, in this order. */
  public static final List<StepKind> FAILBACK = List.of(RESTORE_PRIMARY, SWITCH_OVER,
      REVERSE_DIRECTORY, RESTART_SERVICES, VERIFY, RESUME_PROTECTION);

  private final String id;

  StepKind(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static StepKind of(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("unknown step " + id + "; steps are "
            + Arrays.stream(values()).map(StepKind::id).toList()));
  }
}

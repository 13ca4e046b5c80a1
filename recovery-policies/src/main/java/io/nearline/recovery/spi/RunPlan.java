package io.nearline.recovery.spi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.Standby;
import io.nearline.recovery.drill.DrillSpec;
import io.nearline.recovery.migration.MigrationPlan;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run executes, copied into the journal when it starts so that a resumed run follows the
 * plan it started with even if the policy was edited since.
 *
 * @param kind failover, failback or dry-run
 * @param policy the policy as it was
 * @param pairs its pairs, in priority order
 * @param reverses for a failback, the failover run whose changes it reverses
 * @param applications each pair's application kind when the run began: whose steps run for it,
 *     even if its primary is removed from Nearline before the run is resumed or rolled back
 * @param drill for a drill, its target and trigger; null otherwise
 * @param migration for a migration, its plan (the pair is the server and its target); null
 *     otherwise
 */
// Plans journaled by earlier versions also listed their steps; the journal's rows hold them.
@JsonIgnoreProperties("steps")
public record RunPlan(RunKind kind, RecoveryPolicy policy, List<RecoveryPair> pairs,
    Long reverses, Map<String, String> applications, DrillSpec drill,
    MigrationPlan migration) {

  public RunPlan(RunKind kind, RecoveryPolicy policy, List<RecoveryPair> pairs, Long reverses,
      Map<String, String> applications) {
    this(kind, policy, pairs, reverses, applications, null, null);
  }

  public RunPlan(RunKind kind, RecoveryPolicy policy, List<RecoveryPair> pairs, Long reverses,
      Map<String, String> applications, DrillSpec drill) {
    this(kind, policy, pairs, reverses, applications, drill, null);
  }

  public RunPlan {
    // Sorted, so that the journaled plan reads the same every time.
    applications = applications == null ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(applications));
  }

  /** A failback, or a dry run of one. */
  @JsonIgnore
  public boolean isFailback() {
    return reverses != null;
  }

  /** A drill, or a dry run of one. */
  @JsonIgnore
  public boolean isDrill() {
    return drill != null;
  }

  /** A migration cutover, or a dry run of one. */
  @JsonIgnore
  public boolean isMigration() {
    return migration != null;
  }

  /** A failover serving clients from the near-line while the standby is prepared. */
  @JsonIgnore
  public boolean isInstant() {
    return !isFailback() && !isDrill() && !isMigration() && policy.instant();
  }

  /** The same plan, run as {@code kind} (a dry run of it, say). */
  public RunPlan as(RunKind kind) {
    return new RunPlan(kind, policy, pairs, reverses, applications, drill, migration);
  }

  /** The server this run makes the one clients use: the standby, or on failback the primary. */
  public Standby target(RecoveryPair pair) {
    if (!isFailback()) {
      return pair.standby();
    }
    if (pair.primaryHost() == null) {
      throw new IllegalStateException("pair " + pair.name() + " has no primaryHost: tell "
          + "Nearline how to reach " + pair.primary() + "'s host before failing back");
    }
    return pair.primaryHost();
  }
}

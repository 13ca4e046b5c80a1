package io.nearline.drills.probe;

import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.ProbeSpec;
import java.time.Duration;

/**
 * One kind of check a drill runs against the service it brought up. Registered in {@code
 * META-INF/services/io.nearline.drills.probe.Probe}; a policy names it by {@link #kind}. A probe
 * must keep within its timeout (the drill stops waiting for it then) and must write nothing to
 * the surrogate.
 */
public interface Probe {
  String kind();

  /** The applications it can check ({@code postgresql}); empty for any. */
  default java.util.Set<String> applications() {
    return java.util.Set.of();
  }

  /**
   * What the probe compares with, read from the surrogate at the drill's recovery point before
   * the service under test is brought up; null if it compares with nothing.
   */
  default String reference(ProbeSpec spec, DrillServer surrogate, Duration timeout)
      throws Exception {
    return null;
  }

  /** Checks the service under test. */
  ProbeResult run(ProbeSpec spec, ProbeRun run) throws Exception;
}

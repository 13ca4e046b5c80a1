package io.nearline.drills.steps;

import io.nearline.common.json.Json;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what the probes compare with (row counts and checksums, say) from the surrogate at the
 * drill's recovery point, which the application's previous step reported as {@link
 * DrillServer#REFERENCE}. A probe that cannot read its reference fails the step: a comparison
 * with nothing would pass for the wrong reason.
 */
final class ProbeReferenceStep implements RecoveryStep {
  static final String FACT = "probeReferences";

  @Override
  public StepKind kind() {
    return StepKind.PROBE_REFERENCE;
  }

  @Override
  public List<Change> plan(StepContext context) {
    return List.of();
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    DrillServer surrogate = DrillServer.fromFacts(context.facts(), DrillServer.REFERENCE);
    if (surrogate == null) {
      throw new IllegalStateException("no step of this drill reported the surrogate at its "
          + "point");
    }
    long started = System.nanoTime();
    Map<String, String> references = new LinkedHashMap<>();
    List<ProbeSpec> probes = context.plan().policy().drills().probes();
    for (int i = 0; i < probes.size(); i++) {
      ProbeSpec spec = probes.get(i);
      String reference = Probes.within(spec, () -> Probes.of(spec.kind(),
          surrogate.application()).reference(spec, surrogate,
          Duration.ofSeconds(spec.timeout())));
      if (reference != null) {
        references.put(String.valueOf(i), reference);
      }
    }
    // The drill's RTO leaves this out: a failover does not read references.
    String seconds = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9);
    return new StepOutcome("read " + references.size() + " reference(s) from the surrogate at "
        + "the point in " + seconds + " s", Map.of(FACT, Json.write(references),
        "referenceSeconds", seconds));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) {
    // Reads only.
  }
}

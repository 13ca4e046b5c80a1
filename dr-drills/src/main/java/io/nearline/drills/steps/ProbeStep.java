package io.nearline.drills.steps;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nearline.common.json.Json;
import io.nearline.drills.probe.ProbeResult;
import io.nearline.drills.probe.ProbeRun;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs every probe of the policy, in order, against the service the drill brought up (reported
 * as {@link DrillServer#UNDER_TEST}). A failing probe does not stop the others: the step
 * finishes with every result as evidence, and the drill is judged on them.
 */
final class ProbeStep implements RecoveryStep {
  static final String FACT = "probes";

  @Override
  public StepKind kind() {
    return StepKind.PROBE;
  }

  @Override
  public List<Change> plan(StepContext context) {
    return List.of();
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    Map<String, String> facts = context.facts();
    DrillServer server = DrillServer.fromFacts(facts, DrillServer.UNDER_TEST);
    if (server == null) {
      throw new IllegalStateException("no step of this drill reported the service under test");
    }
    Map<String, String> references = Json.MAPPER.readValue(facts.getOrDefault(
        ProbeReferenceStep.FACT, "{}"), new TypeReference<Map<String, String>>() { });
    List<ProbeSpec> probes = context.plan().policy().drills().probes();
    List<ProbeOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped before probe " + probes.get(i).label());
      }
      ProbeSpec spec = probes.get(i);
      long started = System.nanoTime();
      ProbeResult r = Probes.run(spec, new ProbeRun(server, references.get(String.valueOf(i)),
          Duration.ofSeconds(spec.timeout()), context.plan().policy(), context.run()));
      outcomes.add(new ProbeOutcome(spec.label(), spec.kind(), r.passed(), r.summary(),
          r.evidence(), Math.round((System.nanoTime() - started) / 1e6) / 1000.0));
    }
    long passed = outcomes.stream().filter(ProbeOutcome::passed).count();
    return new StepOutcome(passed + " of " + outcomes.size() + " probes passed", Map.of(FACT,
        Json.write(outcomes), "probesPassed", String.valueOf(passed), "probesRun",
        String.valueOf(outcomes.size())));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) {
    // Probes change only the drill's own copy.
  }
}

package io.nearline.server.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.common.json.Json;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.recovery.journal.RunState;
import io.nearline.recovery.journal.StepRecord;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Recovery runs for monitoring: how many ended how, and the RTO and RPO each policy's last
 * successful run measured — a drill or failover that got slower shows on a graph.
 */
final class RecoveryMeters {
  private static final String[] MEASURES = {"rtoSeconds", "rpoSeconds", "instantRtoSeconds"};

  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Double>> last = new ConcurrentHashMap<>();

  RecoveryMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Called when a run stops: succeeded, failed or rolled back. */
  void ended(RunRecord run) {
    if (run.state() == RunState.RUNNING || run.state() == RunState.PLANNED) {
      return;
    }
    Counter.builder("nearline.recovery.runs").description("Recovery runs that ended, by outcome")
        .tag("policy", run.policy()).tag("kind", run.kind().id())
        .tag("state", run.state().name().toLowerCase()).register(registry).increment();
    if (run.state() != RunState.SUCCEEDED) {
      return;
    }
    for (StepRecord step : run.steps()) {
      JsonNode facts = facts(step);
      for (String measure : MEASURES) {
        if (facts.hasNonNull(measure)) {
          gauge(run, measure).set(facts.path(measure).asDouble());
        }
      }
    }
  }

  private AtomicReference<Double> gauge(RunRecord run, String measure) {
    String name = "nearline.recovery." + measure.replace("Seconds", "").replaceAll(
        "([A-Z])", ".$1").toLowerCase();
    return last.computeIfAbsent(name + "|" + run.policy() + "|" + run.kind(), key -> {
      AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
      Gauge.builder(name, value, AtomicReference::get).baseUnit("seconds")
          .description("What the policy's last successful run measured")
          .tag("policy", run.policy()).tag("kind", run.kind().id()).register(registry);
      return value;
    });
  }

  private static JsonNode facts(StepRecord step) {
    if (step.outcome() == null) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(step.outcome()).path("facts");
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }
}

package io.nearline.server.collect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.services.CollectorState;
import io.nearline.shadow.store.StoredLogFile;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One collector's meters, tagged with the server's name; removed with the server. */
final class CollectorMeters {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Map<Failures.Kind, Counter> errors = new EnumMap<>(Failures.Kind.class);
  private final Counter storedBytes;
  private final Counter quarantined;

  CollectorMeters(MeterRegistry registry, String server, Collector<?> collector,
      io.nearline.server.smb.SmbShare share) {
    this.registry = registry;
    meters.add(FunctionCounter.builder("nearline.transfer.resumes", share,
            io.nearline.server.smb.SmbShare::resumes)
        .description("Broken transfers resumed on a new stream at their byte count")
        .tag("server", server).register(registry));
    meters.add(Gauge.builder("nearline.collection.lag", collector,
            c -> c.status().lagSeconds())
        .description("Seconds the oldest uncollected segment on the share has waited")
        .baseUnit("seconds").tag("server", server).register(registry));
    meters.add(Gauge.builder("nearline.collection.pending.segments", collector,
            c -> c.status().pendingSegments())
        .description("Segments on the share not yet collected").tag("server", server)
        .register(registry));
    meters.add(FunctionCounter.builder("nearline.collected.segments", collector,
            c -> c.status().segmentsCollected())
        .description("Segments collected").tag("server", server).register(registry));
    meters.add(FunctionCounter.builder("nearline.collected", collector,
            c -> c.status().bytesCollected())
        .description("Bytes of log collected (before compression)").baseUnit("bytes")
        .tag("server", server).register(registry));
    storedBytes = Counter.builder("nearline.stored").baseUnit("bytes")
        .description("Bytes written to the log store (compressed)").tag("server", server)
        .register(registry);
    quarantined = Counter.builder("nearline.quarantined.files")
        .description("Files quarantined").tag("server", server).register(registry);
    meters.add(storedBytes);
    meters.add(quarantined);
    for (CollectorState state : CollectorState.values()) {
      meters.add(Gauge.builder("nearline.collection.state", collector,
              c -> c.status().state() == state ? 1 : 0)
          .description("1 for the state collection is in (collecting, retrying, gap, ...), 0 "
              + "for the others").tag("server", server).tag("state", state.label())
          .register(registry));
    }
    for (Failures.Kind kind : Failures.Kind.values()) {
      Counter c = Counter.builder("nearline.collection.errors")
          .description("Collection failures by class").tag("server", server)
          .tag("class", kind.name().toLowerCase()).register(registry);
      errors.put(kind, c);
      meters.add(c);
    }
  }

  void collected(StoredLogFile stored) {
    storedBytes.increment(stored.storedSize());
  }

  void quarantined() {
    quarantined.increment();
  }

  void error(Failures.Kind kind) {
    errors.get(kind).increment();
  }

  long errorCount() {
    return (long) errors.values().stream().mapToDouble(Counter::count).sum();
  }

  void close() {
    meters.forEach(registry::remove);
  }
}

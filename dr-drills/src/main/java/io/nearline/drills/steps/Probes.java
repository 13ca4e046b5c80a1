package io.nearline.drills.steps;

import io.nearline.common.plugin.ByKind;
import io.nearline.drills.probe.Probe;
import io.nearline.drills.probe.ProbeResult;
import io.nearline.drills.probe.ProbeRun;
import io.nearline.recovery.drill.ProbeSpec;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The probes on the class path, and running one within its timeout. */
public final class Probes {
  private static final ByKind<Probe> ALL = ByKind.load(Probe.class, Probe::kind,
      kind -> "there is no probe " + kind);

  private Probes() {
  }

  /** The probe of {@code kind}, for {@code application}; an error names those there are. */
  public static Probe of(String kind, String application) {
    Probe probe = ALL.forKind(kind);
    if (!probe.applications().isEmpty() && !probe.applications().contains(application)) {
      throw new IllegalArgumentException("a " + kind + " probe checks "
          + String.join(" or ", probe.applications()) + " servers, not " + application);
    }
    return probe;
  }

  @FunctionalInterface
  interface Work<T> {
    T call() throws Exception;
  }

  /**
   * Runs {@code work} on a thread of its own and waits at most the probe's timeout (and a
   * second); then interrupts it and says so.
   */
  static <T> T within(ProbeSpec spec, Work<T> work) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "drill-probe-" + spec.kind());
      t.setDaemon(true);
      return t;
    });
    try {
      Future<T> result = thread.submit(work::call);
      try {
        return result.get(spec.timeout() + 1L, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        result.cancel(true);
        throw new TimeoutException(spec.label() + " did not finish within its "
            + spec.timeout() + " s timeout");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    } finally {
      thread.shutdownNow();
    }
  }

  /** Runs one probe; a probe that throws or times out has failed, with the reason as evidence. */
  static ProbeResult run(ProbeSpec spec, ProbeRun run) {
    try {
      Probe probe = of(spec.kind(), run.server().application());
      return within(spec, () -> probe.run(spec, run));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.failed("interrupted", e.toString());
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      return ProbeResult.failed(why.lines().findFirst().orElse(why), why);
    }
  }
}

package io.nearline.server.surrogate;

import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.Incidents;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.collect.ServerLifecycle;
import io.nearline.server.collect.SurrogateView;
import io.nearline.shadow.Connectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One supervisor per server that wants a surrogate, each ticking on a shared scheduler. */
public final class SurrogateService implements ServerLifecycle, AutoCloseable {

  /** What supervisors share. */
  record Context(SurrogateConfig config, Path surrogatesDir, Path storeDir, String apiBase,
      CollectionService collection, ProtectedServers servers, Baselines baselines,
      Incidents incidents) {
    String fetchUrl(String server) {
      return apiBase + "/api/servers/" + server + "/wal/";
    }
  }

  private record Supervised(SurrogateSupervisor supervisor, ScheduledFuture<?> schedule,
      List<Meter> meters) {}

  private final Context ctx;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "nearline-surrogate");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Supervised> supervised = new ConcurrentHashMap<>();

  private final MeterRegistry registry;

  public SurrogateService(Catalog catalog, CollectionService collection, Path surrogatesDir,
      Path storeDir, String apiBase, SurrogateConfig config, MeterRegistry registry) {
    this.registry = registry;
    this.ctx = new Context(config, surrogatesDir, storeDir, apiBase, collection,
        new ProtectedServers(catalog), new Baselines(catalog), new Incidents(catalog));
  }

  /** Supervises every server that wants a surrogate: restarts them, or seeds them anew. */
  public void start() {
    for (ProtectedServerRow row : ctx.servers().all()) {
      protectedServer(row);
    }
  }

  @Override
  public void protectedServer(ProtectedServerRow row) {
    if (!row.surrogateWanted()) {
      return;
    }
    Connectors.forKind(row.kind()).shadowing(row.identity()).ifPresent(shadowing -> {
      SurrogateSupervisor s = new SurrogateSupervisor(row, shadowing, ctx);
      ScheduledFuture<?> f = scheduler.scheduleWithFixedDelay(s::tick, 0,
          ctx.config().watchInterval().toMillis(), TimeUnit.MILLISECONDS);
      supervised.put(row.name(), new Supervised(s, f, meters(row.name(), s)));
    });
  }

  @Override
  public void removing(ProtectedServerRow row) {
    Supervised s = supervised.remove(row.name());
    if (s != null) {
      s.meters().forEach(registry::remove);
      s.schedule().cancel(false);
      s.supervisor().stop();
    }
    try {
      Directories.delete(ctx.surrogatesDir().resolve(row.name()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<Meter> meters(String server, SurrogateSupervisor s) {
    return List.of(
        Gauge.builder("nearline.surrogate.rpo", s, x -> orNaN(x.view().rpoSeconds()))
            .description("Age of the last transaction the surrogate replayed").baseUnit("seconds")
            .tag("server", server).register(registry),
        Gauge.builder("nearline.surrogate.replayed.lsn", s, x -> lsnBytes(x.view().replayedLsn()))
            .description("The surrogate's last replayed position, as a byte address")
            .tag("server", server).register(registry),
        Gauge.builder("nearline.surrogate.stalled", s,
                x -> x.view().state().equals("stalled") ? 1 : 0)
            .description("1 while replay stands still although newer log was collected")
            .tag("server", server).register(registry),
        Gauge.builder("nearline.surrogate.up", s, x -> x.view().state().equals("replaying") ? 1 : 0)
            .description("1 while the surrogate answers and replays").tag("server", server)
            .register(registry));
  }

  private static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static double lsnBytes(String lsn) {
    if (lsn == null) {
      return Double.NaN;
    }
    int slash = lsn.indexOf('/');
    return Long.parseLong(lsn.substring(0, slash), 16) * 4294967296.0
        + Long.parseLong(lsn.substring(slash + 1), 16);
  }

  /**
   * Stops a server's surrogate cleanly and keeps it stopped, even across restarts, until
   * {@link #release}; returns its data directory.
   */
  public Path hold(String name, String reason) throws Exception {
    Supervised s = supervised.get(name);
    if (s == null) {
      throw new IllegalStateException(name + " has no surrogate");
    }
    s.supervisor().hold(reason);
    return SurrogateSupervisor.replicaDir(ctx, name).resolve("data");
  }

  /**
   * Seeds the server a new surrogate from a new baseline, collection restarting at it (after a
   * failback); the old log and baselines stay in the store.
   */
  public void rebaseline(String name, String reason) throws Exception {
    Supervised s = supervised.get(name);
    if (s == null) {
      throw new IllegalStateException(name + " has no surrogate to rebuild");
    }
    s.supervisor().rebaseline(reason);
  }

  /** Lets the surrogate run again; its supervisor starts it on its next round. */
  public void release(String name) throws java.io.IOException {
    java.nio.file.Files.deleteIfExists(SurrogateSupervisor.holdFile(ctx, name));
  }

  /** A folder beside the surrogate for one run's instant copy of it. */
  public Path instantDirectory(String name, long run) {
    return ctx.surrogatesDir().resolve(name).resolve("instant-" + run);
  }

  @Override
  public Path spool(String name) {
    return supervised.containsKey(name) ? SurrogateSupervisor.replicaDir(ctx, name).resolve("spool")
        : null;
  }

  @Override
  public String spoolOwner() {
    return ctx.config().osUser();
  }

  @Override
  public SurrogateView view(String name) {
    Supervised s = supervised.get(name);
    return s == null ? SurrogateView.NONE : s.supervisor().view();
  }

  @Override
  public void close() {
    supervised.values().forEach(s -> s.schedule().cancel(false));
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    supervised.values().forEach(s -> {
      s.meters().forEach(registry::remove);
      s.supervisor().stop();
    });
  }
}

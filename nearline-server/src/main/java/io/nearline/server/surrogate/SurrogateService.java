package io.nearline.server.surrogate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.Incidents;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.collect.ServerLifecycle;
import io.nearline.server.collect.SurrogateView;
import io.nearline.services.SurrogateState;
import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.Position;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.nearline.common.secret.Secret;
import io.nearline.server.auth.Credentials;

/** One supervisor per server that wants a surrogate, each ticking on a shared scheduler. */
public final class SurrogateService implements ServerLifecycle, AutoCloseable {

  /** What supervisors share. */
  record Context(SurrogateConfig config, Path surrogatesDir, Path storeDir,
      Supplier<String> apiBase, CollectionService collection, ProtectedServers servers,
      Baselines baselines, Incidents incidents, Credentials credentials,
      String serverCertificate, Supplier<io.nearline.shadow.store.StoreCipher> cipher) {
    String fetchUrl(String server) {
      return apiBase.get() + "/api/servers/" + server + "/wal/";
    }

    /**
     * A new credential for the server's surrogate to read its log with; the ones it was given
     * before are revoked.
     */
    Secret newCredential(String server) {
      String name = "surrogate of " + server;
      credentials.revokeLogReaders(name);
      return credentials.issueLogReader(name, server, null);
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

  /**
   * @param apiBase where surrogates on this host reach the API for log files; asked once the
   *     API listens, when a surrogate is first set up
   */
  public SurrogateService(Catalog catalog, CollectionService collection, Path surrogatesDir,
      Path storeDir, Supplier<String> apiBase, SurrogateConfig config, MeterRegistry registry,
      Credentials credentials, String serverCertificate) {
    this.registry = registry;
    this.ctx = new Context(config, surrogatesDir, storeDir, apiBase, collection,
        new ProtectedServers(catalog), new Baselines(catalog), new Incidents(catalog),
        credentials, serverCertificate, collection::cipher);
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
    ApplicationConnector connector = Connectors.forKind(row.kind());
    connector.shadowing(row.identity()).ifPresent(shadowing -> {
      SurrogateSupervisor s = new SurrogateSupervisor(row, connector, shadowing, ctx);
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
        // Named as it always was; the value is any application's position as a number.
        Gauge.builder("nearline.surrogate.replayed.lsn", s, x -> number(x.view().replayed()))
            .description("The surrogate's last replayed log position, as a number (PostgreSQL: "
                + "a byte address)")
            .tag("server", server).register(registry),
        Gauge.builder("nearline.surrogate.stalled", s,
                x -> x.view().state() == SurrogateState.STALLED ? 1 : 0)
            .description("1 while replay stands still although newer log was collected")
            .tag("server", server).register(registry),
        Gauge.builder("nearline.surrogate.up", s, x -> x.view().state() == SurrogateState.REPLAYING ? 1 : 0)
            .description("1 while the surrogate answers and replays").tag("server", server)
            .register(registry));
  }

  private static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static double number(Position position) {
    return position == null ? Double.NaN : position.asNumber();
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

  /**
   * Lets go of {@code holder}'s hold; once no one holds it, the surrogate starts now rather than
   * on its supervisor's next round: whoever released it (a drill, a failover that pre-empted
   * one) may copy from it next.
   */
  public void release(String name, String holder) throws java.io.IOException {
    Supervised s = supervised.get(name);
    if (s != null) {
      s.supervisor().release(holder);
    } else if (java.nio.file.Files.exists(SurrogateSupervisor.holdFile(ctx, name))) {
      // Its server was removed while it was held: nothing is left to start.
      java.nio.file.Files.delete(SurrogateSupervisor.holdFile(ctx, name));
    }
  }

  /** Whether the surrogate is held stopped now (its hold file is there). */
  public boolean isHeld(String name) {
    return java.nio.file.Files.exists(SurrogateSupervisor.holdFile(ctx, name));
  }

  /**
   * Takes a synthetic baseline of the server now: a verified copy of its replaying surrogate,
   * kept and published. Blocks for the copy.
   */
  public Baselines.BaselineRow takeSyntheticBaseline(String name) throws Exception {
    Supervised s = supervised.get(name);
    if (s == null) {
      throw new IllegalStateException(name + " has no surrogate to take a baseline from");
    }
    return s.supervisor().takeSynthetic();
  }

  /** The servers whose surrogates are supervised here. */
  public java.util.Set<String> supervisedServers() {
    return java.util.Set.copyOf(supervised.keySet());
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

package io.nearline.server.pit;

import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Baselines.BaselineRow;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.CollectedFiles;
import io.nearline.server.catalog.Incidents;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.surrogate.SurrogateService;
import io.nearline.services.NearlineException;
import io.nearline.services.Severity;
import io.nearline.services.pit.BaselineInfo;
import io.nearline.services.SurrogateState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes synthetic baselines on the schedule: each from the server's replaying surrogate, never
 * from the primary, so that reaching any point needs a bounded replay. Checks once a minute;
 * one baseline at a time.
 */
public final class SyntheticBaselines implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyntheticBaselines.class);
  private static final Duration WAL_RATE_WINDOW = Duration.ofHours(24);

  private final CollectionService collection;
  private final SurrogateService surrogates;
  private final Baselines baselines;
  private final CollectedFiles files;
  private final Incidents incidents;
  private final BaselineSchedule schedule;
  private final Duration openTarget;
  private final DoubleSupplier replayRate;
  /** After a failed baseline, the next try waits this long rather than a minute. */
  private static final Duration AFTER_FAILURE = Duration.ofMinutes(15);
  private final java.util.Map<String, Instant> failedAt = new java.util.concurrent.ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "nearline-synthetic-baselines");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param schedule auto, an interval or a Quartz cron expression
   * @param replayRate log bytes per second snapshots replay here, 0 if not measured yet
   * @throws IllegalArgumentException if the schedule is none of the three
   */
  public SyntheticBaselines(Catalog catalog, CollectionService collection,
      SurrogateService surrogates, String schedule, Duration openTarget,
      DoubleSupplier replayRate) {
    this.collection = collection;
    this.surrogates = surrogates;
    this.baselines = new Baselines(catalog);
    this.files = new CollectedFiles(catalog);
    this.incidents = new Incidents(catalog);
    this.schedule = BaselineSchedule.parse(schedule);
    this.openTarget = openTarget;
    this.replayRate = replayRate;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::takeDue, 1, 1, TimeUnit.MINUTES);
  }

  /** When the server's next baseline is due, by the schedule and its newest baseline. */
  public Instant nextDue(String server) {
    ProtectedServerRow row = collection.server(server);
    List<BaselineRow> kept = baselines.all(row.id());
    if (kept.isEmpty()) {
      return Instant.now();
    }
    double walRate = files.bytesSince(row.id(), Instant.now().minus(WAL_RATE_WINDOW))
        / (double) WAL_RATE_WINDOW.toSeconds();
    return schedule.next(kept.get(0).endBound(), walRate, replayRate.getAsDouble(), openTarget);
  }

  private void takeDue() {
    for (String server : surrogates.supervisedServers()) {
      try {
        if (collection.isStandingBy() || collection.surrogateView(server).state()
            != SurrogateState.REPLAYING || Instant.now().isBefore(nextDue(server))
            || Instant.now().isBefore(failedAt.getOrDefault(server, Instant.MIN)
                .plus(AFTER_FAILURE))) {
          continue;
        }
        BaselineRow b = surrogates.takeSyntheticBaseline(server);
        failedAt.remove(server);
        incidents.event(server, Severity.INFO, "synthetic baseline taken from the surrogate: "
            + b.start() + " to " + b.end() + " (" + b.archiveSize() / (1 << 20) + " MiB; "
            + "schedule " + schedule + ")");
      } catch (Exception e) {
        failedAt.put(server, Instant.now());
        log.warn("synthetic baseline of {} failed: {}", server, e.toString());
        incidents.event(server, Severity.WARN, "synthetic baseline failed: "
            + (e.getMessage() == null ? e.toString() : e.getMessage()));
      }
    }
  }

  /** Takes a synthetic baseline now, whatever the schedule; blocks for the copy. */
  public BaselineInfo take(String server) {
    collection.server(server);
    try {
      BaselineRow b = surrogates.takeSyntheticBaseline(server);
      incidents.event(server, Severity.INFO, "synthetic baseline taken on request: "
          + b.start() + " to " + b.end());
      return info(b);
    } catch (IllegalStateException e) {
      throw new NearlineException(409, e.getMessage());
    } catch (Exception e) {
      throw new NearlineException(500, "the baseline failed: " + (e.getMessage() == null
          ? e.toString() : e.getMessage()), java.util.Map.of(), e);
    }
  }

  static BaselineInfo info(BaselineRow b) {
    return new BaselineInfo(b.id(), b.label(), b.start(), b.end(), b.lineage(),
        b.takenFrom().name(), b.endBound(), b.archiveSize(), b.publishedPath() != null,
        b.verifiedAt());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

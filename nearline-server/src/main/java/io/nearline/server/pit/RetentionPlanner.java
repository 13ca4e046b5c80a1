package io.nearline.server.pit;

import io.nearline.server.catalog.Baselines.BaselineRow;
import io.nearline.server.catalog.CollectedFiles.FileRow;
import io.nearline.server.peer.PeerService.Acknowledged;
import io.nearline.services.pit.RetentionPlan;
import io.nearline.services.pit.RetentionPlan.KeptPoint;
import io.nearline.services.pit.RetentionPlan.RemovedBaseline;
import io.nearline.services.pit.RetentionPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Decides what a server's store keeps, from what it holds and what must stay: a pure function
 * of its inputs (the clock among them), so months of retention can be tested without waiting.
 * Baselines are the points; a point needs its baseline and the log from the baseline's start
 * to the point. Calendar buckets are UTC.
 */
final class RetentionPlanner {

  /** A point that must stay whatever the policy says: a tag or a legal hold. */
  record Protected(String why, String position) {}

  /** What the store holds and what must stay. */
  /**
   * What the store holds and what must stay.
   *
   * @param replayed where the server's surrogate stands: log after it is kept (null: none)
   */
  record Inputs(String server, Instant now, RetentionPolicy policy, List<BaselineRow> baselines,
      List<FileRow> files, List<Protected> protectedPoints, Set<Long> baselinesInUse,
      Optional<Acknowledged> peer, String replayed, ToDoubleFunction<String> position) {}

  /** The plan, and the ids it removes. */
  record Decision(RetentionPlan plan, List<BaselineRow> removeBaselines,
      List<FileRow> removeFiles) {}

  private RetentionPlanner() {}

  static Decision decide(Inputs in) {
    List<BaselineRow> baselines = in.baselines(); // newest first
    Map<Long, KeptBuilder> kept = new LinkedHashMap<>();
    Set<Long> keepFiles = new HashSet<>();
    if (baselines.isEmpty()) {
      in.files().forEach(f -> keepFiles.add(f.id()));
      return decision(in, kept, keepFiles);
    }
    Instant windowStart = in.now().minus(in.policy().allLogFor());
    BaselineRow anchor = baselines.stream().filter(b -> !b.endBound().isAfter(windowStart))
        .findFirst().orElse(baselines.get(baselines.size() - 1));
    String window = "every log file for " + in.policy().allLogFor().toString().substring(2)
        .toLowerCase(java.util.Locale.ROOT);
    for (BaselineRow b : baselines) {
      if (b.endBound().isAfter(windowStart) || b.id() == anchor.id()) {
        keep(kept, b, window, null);
      }
    }
    double from = in.position().applyAsDouble(anchor.start());
    for (FileRow f : in.files()) {
      if (!f.isSegment() || in.position().applyAsDouble(f.endPos()) > from) {
        keepFiles.add(f.id()); // companions are small and timelines need them
      }
    }
    calendar(in, kept, "daily", in.policy().daily(), d -> d.toString(),
        ChronoUnit.DAYS);
    calendar(in, kept, "weekly", in.policy().weekly(), d -> d.get(IsoFields.WEEK_BASED_YEAR)
        + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), ChronoUnit.WEEKS);
    calendar(in, kept, "monthly", in.policy().monthly(), d -> d.getYear() + "-"
        + String.format("%02d", d.getMonthValue()), ChronoUnit.MONTHS);
    calendar(in, kept, "yearly", in.policy().yearly(), d -> String.valueOf(d.getYear()),
        ChronoUnit.YEARS);
    for (Protected p : in.protectedPoints()) {
      double at = in.position().applyAsDouble(p.position());
      baselines.stream().filter(b -> in.position().applyAsDouble(b.end()) <= at).findFirst()
          .ifPresent(b -> keep(kept, b, p.why(), p.position()));
    }
    for (BaselineRow b : baselines) {
      if (in.baselinesInUse().contains(b.id())) {
        // It may be replaying any log after the baseline: all of it stays while it is open.
        keep(kept, b, "an open snapshot stands on it", null);
        kept.get(b.id()).toTheEnd = true;
      }
      if (in.peer().isPresent() && b.id() > in.peer().get().baselineId()) {
        keep(kept, b, "not yet acknowledged by the peer", null);
      }
    }
    for (KeptBuilder k : kept.values()) {
      k.needs(in, keepFiles);
    }
    in.peer().ifPresent(ack -> in.files().stream().filter(f -> f.id() > ack.logFileId())
        .forEach(f -> keepFiles.add(f.id())));
    if (in.replayed() != null) {
      double replayed = in.position().applyAsDouble(in.replayed());
      in.files().stream().filter(f -> in.position().applyAsDouble(f.endPos()) > replayed)
          .forEach(f -> keepFiles.add(f.id()));
    }
    return decision(in, kept, keepFiles);
  }

  /** Keeps the newest baseline of each of the last {@code count} calendar buckets. */
  private static void calendar(Inputs in, Map<Long, KeptBuilder> kept, String name, int count,
      Function<LocalDate, String> bucket, ChronoUnit unit) {
    if (count == 0) {
      return;
    }
    LocalDate today = LocalDate.ofInstant(in.now(), ZoneOffset.UTC);
    LocalDate oldest = today.minus(count - 1L, unit);
    String oldestBucket = bucket.apply(oldest);
    Set<String> seen = new HashSet<>();
    for (BaselineRow b : in.baselines()) { // newest first: the first of a bucket is its newest
      LocalDate d = LocalDate.ofInstant(b.endBound(), ZoneOffset.UTC);
      String key = bucket.apply(d);
      boolean inRange = !d.isBefore(oldest) || key.equals(oldestBucket);
      if (inRange && seen.add(key)) {
        keep(kept, b, name + " " + key, null);
      }
    }
  }

  private static void keep(Map<Long, KeptBuilder> kept, BaselineRow b, String why,
      String upTo) {
    KeptBuilder k = kept.computeIfAbsent(b.id(), id -> new KeptBuilder(b));
    k.reasons.add(why);
    if (upTo != null) {
      k.upTo.add(upTo);
    }
  }

  private static Decision decision(Inputs in, Map<Long, KeptBuilder> kept, Set<Long> keepFiles) {
    List<BaselineRow> removeBaselines = in.baselines().stream()
        .filter(b -> !kept.containsKey(b.id())).toList();
    List<FileRow> removeFiles = in.files().stream().filter(f -> !keepFiles.contains(f.id()))
        .toList();
    List<FileRow> keepRows = in.files().stream().filter(f -> keepFiles.contains(f.id())).toList();
    List<KeptPoint> points = new ArrayList<>();
    for (KeptBuilder k : kept.values()) {
      points.add(k.point(in));
    }
    RetentionPlan plan = new RetentionPlan(in.server(), in.now(), in.policy(), points,
        removeBaselines.stream().map(b -> new RemovedBaseline(b.id(), b.end(), b.endBound(),
            b.archiveSize())).toList(), removeFiles.size(),
        removeFiles.stream().mapToLong(FileRow::storedSize).sum(),
        removeFiles.isEmpty() ? null : removeFiles.get(0).fileName(),
        removeFiles.isEmpty() ? null : removeFiles.get(removeFiles.size() - 1).fileName(),
        keepRows.size(), keepRows.stream().mapToLong(FileRow::storedSize).sum());
    return new Decision(plan, removeBaselines, removeFiles);
  }

  /** One kept baseline: why, and the log it needs (to its end, or to a protected point). */
  private static final class KeptBuilder {
    private final BaselineRow baseline;
    private final List<String> reasons = new ArrayList<>();
    private final List<String> upTo = new ArrayList<>();
    private final List<FileRow> needed = new ArrayList<>();
    private boolean toTheEnd;

    KeptBuilder(BaselineRow baseline) {
      this.baseline = baseline;
    }

    void needs(Inputs in, Set<Long> keepFiles) {
      double from = in.position().applyAsDouble(baseline.start());
      double to = in.position().applyAsDouble(baseline.end());
      for (String p : upTo) {
        to = Math.max(to, in.position().applyAsDouble(p));
      }
      if (toTheEnd) {
        to = Double.MAX_VALUE;
      }
      for (FileRow f : in.files()) {
        if (f.isSegment() && in.position().applyAsDouble(f.startPos()) <= to
            && in.position().applyAsDouble(f.endPos()) > from) {
          needed.add(f);
          keepFiles.add(f.id());
        }
      }
    }

    KeptPoint point(Inputs in) {
      String point = upTo.isEmpty() ? baseline.end() : upTo.get(upTo.size() - 1);
      return new KeptPoint(point, List.copyOf(reasons), baseline.id(), baseline.end(),
          needed.isEmpty() ? null : needed.get(0).fileName(),
          needed.isEmpty() ? null : needed.get(needed.size() - 1).fileName(), needed.size());
    }
  }
}

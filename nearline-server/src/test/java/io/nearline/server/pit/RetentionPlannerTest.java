package io.nearline.server.pit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.server.catalog.Baselines.BaselineRow;
import io.nearline.server.catalog.Baselines.Origin;
import io.nearline.server.catalog.CollectedFiles.FileRow;
import io.nearline.server.peer.PeerService.Acknowledged;
import io.nearline.services.pit.RetentionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Retention run every day over 15 simulated months: a segment an hour, a baseline every six
 * hours, the clock injected, nothing slept. Positions are plain numbers: segment {@code i}
 * covers {@code [i * 100, (i + 1) * 100)}.
 */
class RetentionPlannerTest {
  private static final Instant START = Instant.parse("2025-09-01T00:00:00Z");
  private static final RetentionPolicy POLICY = RetentionPolicy.DEFAULT;

  /** The store as retention leaves it, day after day. */
  private final List<BaselineRow> baselines = new ArrayList<>(); // newest first
  private final List<FileRow> files = new ArrayList<>();
  private final Set<Long> everyBaselineEver = new HashSet<>();
  private final Map<Long, Instant> endedAt = new java.util.HashMap<>();
  private long nextId = 1;

  @Test
  void shouldKeepEveryPointThePolicyPromisesAndRemoveEverythingElseOverMonths() {
    for (int day = 0; day < 460; day++) {
      growOneDay(day);
      Instant now = START.plus(Duration.ofDays(day + 1));
      RetentionPlanner.Decision d = decide(now, List.of(), Optional.empty());
      remove(d);
      assertPromisesKept(now);
      assertNothingElseKept(now);
    }
    assertTrue(baselines.size() < 120, baselines.size() + " baselines kept of "
        + everyBaselineEver.size());
    assertTrue(files.size() < 1000, files.size() + " segments kept of " + 460 * 24);
  }

  @Test
  void shouldKeepAHeldPointAndWhatItNeedsUntilTheHoldIsLifted() {
    for (int day = 0; day < 100; day++) {
      growOneDay(day);
    }
    // A point on day 3, 13:30: long past every bucket but the monthly and yearly ones.
    long held = position(3 * 24 + 13) + 50;
    RetentionPlanner.Protected hold = new RetentionPlanner.Protected("legal hold 1: case 7",
        String.valueOf(held));
    Instant now = START.plus(Duration.ofDays(100));
    remove(decide(now, List.of(hold), Optional.empty()));
    BaselineRow base = newestAtOrBefore(held);
    assertTrue(baselines.contains(base), "the baseline the held point starts from is kept");
    for (long seg = segmentOf(number(base.start())); seg <= segmentOf(held); seg++) {
      long s = seg;
      assertTrue(files.stream().anyMatch(f -> number(f.startPos()) == position(s)),
          "segment " + seg + " between the baseline and the held point is kept");
    }
    remove(decide(now, List.of(), Optional.empty()));
    assertFalse(files.stream().anyMatch(f -> number(f.startPos()) == position(segmentOf(held))),
        "once lifted, what only the hold kept goes");
  }

  @Test
  void shouldKeepABaselineAnOpenSnapshotStandsOnAndAllTheLogAfterIt() {
    for (int day = 0; day < 60; day++) {
      growOneDay(day);
    }
    BaselineRow used = baselines.get(baselines.size() - 3); // day 0, 12:10
    RetentionPlanner.Decision d = RetentionPlanner.decide(new RetentionPlanner.Inputs("db1",
        START.plus(Duration.ofDays(60)), POLICY, List.copyOf(baselines), List.copyOf(files),
        List.of(), Set.of(used.id()), Optional.empty(), null,
        p -> p == null ? 0 : Double.parseDouble(p)));
    assertFalse(d.removeBaselines().contains(used));
    double from = number(used.start());
    assertTrue(d.removeFiles().stream().noneMatch(f -> number(f.endPos()) > from),
        "nothing after the baseline goes while the snapshot may replay it");
  }

  @Test
  void shouldRemoveNothingThePeerHasNotAcknowledged() {
    for (int day = 0; day < 10; day++) {
      growOneDay(day);
    }
    long ackedFile = files.get(20).id();
    long ackedBaseline = baselines.get(baselines.size() - 2).id();
    int before = files.size();
    RetentionPlanner.Decision d = decide(START.plus(Duration.ofDays(10)), List.of(),
        Optional.of(new Acknowledged(ackedFile, ackedBaseline)));
    assertTrue(d.removeFiles().stream().allMatch(f -> f.id() <= ackedFile), "files");
    assertTrue(d.removeBaselines().stream().allMatch(b -> b.id() <= ackedBaseline), "baselines");
    assertTrue(d.removeFiles().size() < before);
  }

  private RetentionPlanner.Decision decide(Instant now, List<RetentionPlanner.Protected> held,
      Optional<Acknowledged> peer) {
    return RetentionPlanner.decide(new RetentionPlanner.Inputs("db1", now, POLICY,
        List.copyOf(baselines), List.copyOf(files), held, Set.of(), peer, null,
        p -> p == null ? 0 : Double.parseDouble(p)));
  }

  private void remove(RetentionPlanner.Decision d) {
    baselines.removeAll(d.removeBaselines());
    files.removeAll(d.removeFiles());
  }

  /** A segment an hour; a baseline at 00:10, 06:10, 12:10 and 18:10, inside that hour's segment. */
  private void growOneDay(int day) {
    for (int hour = 0; hour < 24; hour++) {
      long seg = day * 24L + hour;
      Instant at = START.plus(Duration.ofHours(seg));
      files.add(new FileRow(nextId++, "seg-" + seg, "SEGMENT", 1L, seg,
          String.valueOf(position(seg)), String.valueOf(position(seg + 1)), 16, "x", 10,
          at.plus(Duration.ofHours(1))));
      if (hour % 6 == 0) {
        long id = nextId++;
        Instant ended = at.plus(Duration.ofMinutes(10));
        baselines.add(0, new BaselineRow(id, "b" + id, String.valueOf(position(seg) + 10),
            String.valueOf(position(seg) + 20), 1, "/store/" + id, 1000, ended, ended, null,
            Origin.SURROGATE, "sha", null));
        everyBaselineEver.add(id);
        endedAt.put(id, ended);
      }
    }
  }

  /** What the policy promises at {@code now}, checked against what is left. */
  private void assertPromisesKept(Instant now) {
    Instant windowStart = now.minus(POLICY.allLogFor());
    BaselineRow anchor = newestEndedBy(windowStart);
    long fromSegment = anchor == null ? 0 : segmentOf(number(anchor.start()));
    Set<Long> segments = files.stream().map(f -> segmentOf(number(f.startPos())))
        .collect(Collectors.toSet());
    long newest = segments.stream().mapToLong(Long::longValue).max().orElse(-1);
    for (long s = fromSegment; s <= newest; s++) {
      assertTrue(segments.contains(s), now + ": segment " + s + " of the window is gone");
    }
    assertBuckets(now, POLICY.daily(), LocalDate::toString, 1);
    assertBuckets(now, POLICY.weekly(), d -> d.get(IsoFields.WEEK_BASED_YEAR) + "W"
        + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 7);
    assertBuckets(now, POLICY.monthly(), d -> d.getYear() + "-" + d.getMonthValue(), 31);
    assertBuckets(now, POLICY.yearly(), d -> String.valueOf(d.getYear()), 366);
    for (BaselineRow b : baselines) {
      for (long s = segmentOf(number(b.start())); s <= segmentOf(number(b.end())); s++) {
        assertTrue(segments.contains(s), "baseline " + b.id() + " lacks segment " + s);
      }
    }
  }

  /**
   * The newest baseline ever taken in each of the last {@code count} buckets is still there
   * (buckets are recognised by their key; {@code days} only bounds how far back to look).
   */
  private void assertBuckets(Instant now, int count, Function<LocalDate, String> key,
      int days) {
    Map<String, Long> newestEver = new TreeMap<>();
    for (long id : everyBaselineEver) {
      // ids grow with time: the largest id of a bucket is its newest baseline
      Instant ended = endedOf(id);
      newestEver.merge(key.apply(LocalDate.ofInstant(ended, ZoneOffset.UTC)), id, Math::max);
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Set<String> recent = new java.util.LinkedHashSet<>();
    for (int back = 0; recent.size() < count && back < count * days + days; back++) {
      recent.add(key.apply(today.minusDays(back)));
    }
    Set<Long> kept = baselines.stream().map(BaselineRow::id).collect(Collectors.toSet());
    for (String bucket : recent) {
      Long id = newestEver.get(bucket);
      if (id != null && !endedOf(id).isAfter(now)) {
        assertTrue(kept.contains(id), now + ": the newest baseline of " + bucket + " (" + id
            + ") is gone");
      }
    }
  }

  /** Everything left is a window baseline, the anchor, or the newest of its day. */
  private void assertNothingElseKept(Instant now) {
    Instant windowStart = now.minus(POLICY.allLogFor());
    BaselineRow anchor = newestEndedBy(windowStart);
    Map<LocalDate, Long> newestOfDay = new TreeMap<>();
    for (long id : everyBaselineEver) {
      newestOfDay.merge(LocalDate.ofInstant(endedOf(id), ZoneOffset.UTC), id, Math::max);
    }
    for (BaselineRow b : baselines) {
      boolean window = b.endBound().isAfter(windowStart) || b == anchor;
      assertTrue(window || newestOfDay.containsValue(b.id()), now + ": baseline " + b.id()
          + " is kept for no promise");
    }
    long oldestNeeded = baselines.stream().mapToLong(b -> segmentOf(number(b.start()))).min()
        .orElse(0);
    assertEquals(oldestNeeded, files.stream().mapToLong(f -> segmentOf(number(f.startPos())))
        .min().orElse(0), "no segment before the oldest kept baseline is kept");
  }

  private BaselineRow newestEndedBy(Instant t) {
    return baselines.stream().filter(b -> !b.endBound().isAfter(t)).findFirst()
        .orElse(baselines.isEmpty() ? null : baselines.get(baselines.size() - 1));
  }

  private BaselineRow newestAtOrBefore(long position) {
    return baselines.stream().filter(b -> number(b.end()) <= position).findFirst().orElseThrow();
  }

  private Instant endedOf(long id) {
    return endedAt.get(id);
  }

  private static long position(long segment) {
    return segment * 100;
  }

  private static long segmentOf(double position) {
    return (long) position / 100;
  }

  private static long number(String p) {
    return (long) Double.parseDouble(p);
  }
}

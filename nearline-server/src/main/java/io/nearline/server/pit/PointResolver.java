package io.nearline.server.pit;

import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Baselines.BaselineRow;
import io.nearline.server.catalog.CollectedFiles.FileRow;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.Tags;
import io.nearline.services.NearlineException;
import io.nearline.services.pit.SnapshotRequest;
import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.PointTarget;
import io.nearline.shadow.Position;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns what a user asked for into a point that can be opened: where replay stops, the newest
 * kept baseline at or before it that starts latest, and how far replay goes at most. A point after the newest
 * collected log or before the oldest kept baseline is refused at once, naming what can be
 * opened. Positions order as their numbers (a byte address, a generation).
 */
final class PointResolver {
  private static final Comparator<Position> ORDER = Comparator.comparingDouble(Position::asNumber);

  /**
   * @param stopBy the position replay stops by at the latest (from the consistency points
   *     recorded after the target, else the newest collected log)
   */
  record Resolved(String askedFor, PointTarget target, BaselineRow baseline, Position start,
      Position stopBy) {}

  /** The newest point that can be opened, as far as this near-line knows. */
  record Newest(Position position, Instant commitTime) {}

  private final Baselines baselines;
  private final Tags tags;

  PointResolver(Baselines baselines, Tags tags) {
    this.baselines = baselines;
    this.tags = tags;
  }

  Resolved resolve(ProtectedServerRow row, ApplicationConnector connector,
      SnapshotRequest request, Newest newest) {
    Map<String, String> given = request.given();
    if (given.size() != 1) {
      throw new NearlineException(400, "name exactly one point: --time, --lsn, --xid or --tag"
          + (given.isEmpty() ? "" : " (given: " + String.join(", ", given.keySet()) + ")"));
    }
    String kind = given.keySet().iterator().next();
    String value = given.get(kind);
    List<BaselineRow> kept = baselines.all(row.id());
    if (kept.isEmpty()) {
      throw new NearlineException(422, row.name() + " has no kept baseline yet: nothing can be "
          + "opened until its surrogate is seeded");
    }
    Position latest = newest.position();
    switch (kind) {
      case "time" -> {
        Instant at = parseTime(value);
        // Replay stops at the first commit after the time: one must have been collected.
        if (newest.commitTime() == null || !at.isBefore(newest.commitTime())) {
          throw outside(row, kept, newest, "time " + at + " is not before the newest collected "
              + "commit");
        }
        BaselineRow b = nearestWhere(connector, kept, x -> !x.endBound().isAfter(at)).orElseThrow(() ->
            outside(row, kept, newest, "time " + at + " is before the oldest kept baseline"));
        Position stop = baselines.firstPointAfter(row.id(), at)
            .map(p -> connector.parsePosition(p.position())).orElse(latest);
        return resolved("time " + at, PointTarget.time(at), b, connector, stop);
      }
      case "lsn", "tag" -> {
        Position at = kind.equals("lsn") ? parsePosition(connector, value)
            : tags.find(row.id(), value).map(t -> connector.parsePosition(t.position()))
                .orElseThrow(() -> new NearlineException(404, row.name() + " has no tag "
                    + value + "; `nearline tag list " + row.name() + "` shows its tags"));
        String asked = kind + " " + value;
        if (latest == null || ORDER.compare(at, latest) >= 0) {
          throw outside(row, kept, newest, asked + " (" + at.text() + ") is not inside the "
              + "collected log");
        }
        BaselineRow b = nearestWhere(connector, kept, x -> ORDER.compare(
            connector.parsePosition(x.end()), at) <= 0).orElseThrow(() -> outside(row, kept,
            newest, asked + " is before the end of the oldest kept baseline"));
        return resolved(asked, PointTarget.position(at), b, connector, at);
      }
      case "xid" -> {
        long xid = parseXid(value);
        BaselineRow b = nearestWhere(connector, kept, x -> x.nextXid() != null
            && Long.parseUnsignedLong(x.nextXid()) <= xid).orElseThrow(() -> outside(row, kept,
            newest, "transaction " + value + " is not known to be after any kept baseline"));
        return resolved("xid " + value, new PointTarget(PointTarget.Kind.TRANSACTION,
            Long.toUnsignedString(xid)), b, connector, latest);
      }
      default -> throw new IllegalStateException(kind);
    }
  }

  /** Where the newest collected segment ends; null before any is collected. */
  static Position newestCollected(List<FileRow> files, ApplicationConnector connector) {
    for (int i = files.size() - 1; i >= 0; i--) {
      if (files.get(i).isSegment() && files.get(i).endPos() != null) {
        return connector.parsePosition(files.get(i).endPos());
      }
    }
    return null;
  }

  private static Resolved resolved(String asked, PointTarget target, BaselineRow b,
      ApplicationConnector connector, Position stop) {
    return new Resolved(asked, target, b, connector.parsePosition(b.start()), stop);
  }

  /**
   * Of the baselines that can reach the point, the one whose replay starts latest: the least
   * log to replay. Not always the newest: one copied from the surrogate starts at the last
   * checkpoint the surrogate replayed, which may be older than a later copy of the primary's.
   */
  private static java.util.Optional<BaselineRow> nearestWhere(ApplicationConnector connector,
      List<BaselineRow> kept, Predicate<BaselineRow> fits) {
    return kept.stream().filter(fits).max(Comparator.comparing(
        (BaselineRow b) -> connector.parsePosition(b.start()), ORDER));
  }

  private static NearlineException outside(ProtectedServerRow row, List<BaselineRow> kept,
      Newest newest, String why) {
    BaselineRow oldest = kept.get(kept.size() - 1);
    return new NearlineException(422, why + "; " + row.name() + " can be opened from "
        + oldest.endBound() + " (position " + oldest.end() + ") to "
        + (newest.commitTime() == null ? "its newest collected log" : newest.commitTime())
        + (newest.position() == null ? "" : " (position " + newest.position().text() + ")"));
  }

  static Instant parseTime(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new NearlineException(400, "time must be ISO-8601 such as 2026-11-23T10:15:30Z, not "
          + value, Map.of("time", "not an ISO-8601 time"), e);
    }
  }

  static Position parsePosition(ApplicationConnector connector, String value) {
    try {
      return connector.parsePosition(value);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage(), Map.of("lsn", e.getMessage()), e);
    }
  }

  private static long parseXid(String value) {
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw new NearlineException(400, "xid must be a transaction id (a whole number), not "
          + value, Map.of("xid", "not a transaction id"), e);
    }
  }
}

package io.nearline.wizard;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.drill.DrillTarget;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.services.DrillRecord;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.ServerStatus;
import io.nearline.services.Tag;
import io.nearline.services.pit.BaselineInfo;
import io.nearline.services.pit.SnapshotInfo;
import io.nearline.services.pit.SnapshotRequest;
import io.nearline.services.web.Access;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Routes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A protected server's recovery points, browsed by day, hour, minute and second: the latest
 * (the newest collected log), the surrogate's replayed point, the consistency point, tags,
 * drill-tested points, baselines and the earliest point that can be restored. From a point, or
 * any second typed in, a snapshot is opened, a drill started or a tag set.
 */
final class TimeDial {
  /**
   * A point on the dial.
   *
   * @param kind latest, replayed, consistency, tag, drill-tested, baseline or earliest
   * @param pointKind how a drill or snapshot asks for it: tag, lsn or time
   */
  public record Point(Instant at, String shownAt, String kind, String label, String position,
      String pointKind, String pointValue) {}

  /** One step of the dial: a day, hour or minute, and how many points it holds. */
  public record Slot(String label, String link, long points, boolean current) {}

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("mm").withZone(ZoneOffset.UTC);

  private final View view;
  private final Nearline services;

  TimeDial(View view, Nearline services) {
    this.view = view;
    this.services = services;
  }

  void register(Routes routes) {
    routes.page("/servers/{name}/points", Access.VIEWER, this::show)
        .form("/servers/{name}/snapshot", Access.OPERATOR, ctx -> {
          SnapshotRequest request = request(ctx.formParam("pointKind"),
              ctx.formParam("pointValue"));
          SnapshotInfo s = services.snapshots().open(name(ctx), request,
              Caller.of(ctx).name());
          ctx.redirect("/servers/" + name(ctx) + "/points?snapshot=" + s.id(),
              HttpStatus.SEE_OTHER);
        })
        .form("/servers/{name}/drill", Access.OPERATOR, ctx -> {
          if (!policies(name(ctx)).contains(ctx.formParam("policy"))) {
            throw new NearlineException(400, "policy " + ctx.formParam("policy") + " does not "
                + "fail " + name(ctx) + " over: a point of " + name(ctx) + " drills only its "
                + "own policies");
          }
          RunRecord run = services.drills().run(ctx.formParam("policy"), DrillTarget.SANDBOX,
              "on demand by " + Caller.of(ctx).name() + " (console, chosen point)", false,
              point(ctx.formParam("pointKind"), ctx.formParam("pointValue")));
          ctx.redirect("/runs/" + run.id(), HttpStatus.SEE_OTHER);
        })
        .form("/servers/{name}/tags", Access.OPERATOR, ctx -> {
          String position = ctx.formParam("position");
          services.points().add(name(ctx), ctx.formParam("tag"),
              position == null || position.isBlank() ? null : position);
          ctx.redirect("/servers/" + name(ctx) + "/points", HttpStatus.SEE_OTHER);
        });
  }

  private void show(Context ctx) {
    String name = name(ctx);
    ServerStatus status = services.protection().status(name);
    List<String> policies = policies(name);
    List<Point> points = points(status, policies);
    String day = ctx.queryParam("day");
    String hour = ctx.queryParam("hour");
    String minute = ctx.queryParam("minute");
    String base = "/servers/" + name + "/points";
    Map<String, Object> values = new HashMap<>();
    values.put("server", status);
    values.put("days", slots(points, p -> DAY.format(p.at()), day, k -> base + "?day=" + k));
    List<Point> inRange = points;
    if (day != null) {
      inRange = filter(inRange, p -> DAY.format(p.at()).equals(day));
      values.put("hours", slots(inRange, p -> HOUR.format(p.at()), hour,
          k -> base + "?day=" + day + "&hour=" + k));
    }
    if (day != null && hour != null) {
      inRange = filter(inRange, p -> HOUR.format(p.at()).equals(hour));
      values.put("minutes", slots(inRange, p -> MINUTE.format(p.at()), minute,
          k -> base + "?day=" + day + "&hour=" + hour + "&minute=" + k));
    }
    if (day != null && hour != null && minute != null) {
      inRange = filter(inRange, p -> MINUTE.format(p.at()).equals(minute));
    }
    values.putIfAbsent("hours", List.of());
    values.putIfAbsent("minutes", List.of());
    values.put("points", inRange);
    values.put("policies", policies);
    values.put("snapshots", services.snapshots().list(name));
    values.put("range", day == null ? "all days" : day + (hour == null ? "" : " " + hour
        + (minute == null ? ":--" : ":" + minute)) + " UTC");
    view.render(ctx, "points", "Recovery points of " + name, values);
  }

  /** Every point the dial shows, newest first. */
  private List<Point> points(ServerStatus s, List<String> policies) {
    List<Point> points = new ArrayList<>();
    if (s.lastCollectedAt() != null) {
      points.add(point(s.lastCollectedAt(), "latest", "latest: the newest collected log",
          null));
    }
    if (s.replayedAt() != null && s.replayed() != null) {
      points.add(point(s.replayedAt(), "replayed", "replayed by the surrogate",
          s.replayed().text()));
    }
    if (s.consistencyPoint() != null && s.consistencyPoint().commitTime() != null) {
      points.add(point(s.consistencyPoint().commitTime(), "consistency", "consistency point",
          s.consistencyPoint().position().text()));
    }
    for (Tag t : services.points().list(s.name())) {
      points.add(new Point(t.createdAt(), Instants.shown(t.createdAt()), "tag",
          "tag " + t.tag(), t.position().text(), "tag", t.tag()));
    }
    for (String policy : policies) {
      for (DrillRecord d : services.drills().list(policy, 50)) {
        if ("passed".equals(d.outcome()) && d.pointCommitAt() != null) {
          points.add(point(d.pointCommitAt(), "drill-tested", "tested by drill " + d.id(),
              d.point()));
        }
      }
    }
    List<BaselineInfo> baselines = services.snapshots().baselines(s.name());
    for (BaselineInfo b : baselines) {
      if (b.endedAt() != null) {
        points.add(point(b.endedAt(), "baseline", "baseline " + b.label() + " ("
            + b.takenFrom().toLowerCase(java.util.Locale.ROOT) + ")", b.end()));
      }
    }
    baselines.stream().filter(b -> b.endedAt() != null).min(Comparator.comparing(
        BaselineInfo::endedAt)).ifPresent(b -> points.add(point(b.endedAt(), "earliest",
            "earliest restorable point", b.end())));
    points.sort(Comparator.comparing(Point::at).reversed());
    return points;
  }

  private static Point point(Instant at, String kind, String label, String position) {
    boolean known = position != null && !position.isBlank();
    return new Point(at, Instants.shown(at), kind, label, known ? position : "",
        known ? "lsn" : "time", known ? position : at.toString());
  }

  /** The policies that fail this server over: the ones a drill of its points can use. */
  private List<String> policies(String server) {
    Set<String> pairs = services.recovery().pairs().stream()
        .filter(p -> p.primary().equals(server)).map(RecoveryPair::name)
        .collect(Collectors.toSet());
    return services.recovery().policies().stream()
        .filter(p -> p.pairs().stream().anyMatch(pairs::contains)).map(RecoveryPolicy::name)
        .toList();
  }

  private static List<Slot> slots(List<Point> points,
      java.util.function.Function<Point, String> key, String current,
      java.util.function.UnaryOperator<String> link) {
    Map<String, Long> counts = new LinkedHashMap<>();
    points.forEach(p -> counts.merge(key.apply(p), 1L, Long::sum));
    return counts.entrySet().stream().map(e -> new Slot(e.getKey(), link.apply(e.getKey()),
        e.getValue(), e.getKey().equals(current))).toList();
  }

  private static List<Point> filter(List<Point> points,
      java.util.function.Predicate<Point> keep) {
    return points.stream().filter(keep).toList();
  }

  private static SnapshotRequest request(String kind, String value) {
    String v = value == null ? "" : value.strip();
    return switch (kind == null ? "time" : kind) {
      case "tag" -> new SnapshotRequest(null, null, null, v, null);
      case "lsn" -> new SnapshotRequest(null, v, null, null, null);
      default -> new SnapshotRequest(v, null, null, null, null);
    };
  }

  private static RecoveryPoint point(String kind, String value) {
    try {
      return new RecoveryPoint(io.nearline.recovery.PointKind.of(kind == null ? "time" : kind),
          value == null ? "" : value.strip());
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage());
    }
  }

  private static String name(Context ctx) {
    return ctx.pathParam("name");
  }
}

package io.nearline.wizard;

import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.services.DrillRecord;
import io.nearline.services.DrillTrend;
import io.nearline.services.Nearline;
import io.nearline.services.ServerStatus;
import io.nearline.services.console.NearlineNode;
import io.nearline.services.web.Access;
import io.nearline.services.web.Routes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The DR status page, in the original design's layout: recovery pairs at the top, log
 * collection, surrogate replay and peer replication in the middle, the near-line servers at the
 * bottom. It updates itself: the server sends the page's body again whenever it changes.
 */
final class StatusPage {
  /** A pair, its configuration light, and each policy that fails it over. */
  public record PairRow(String name, String primary, String standby, Light light,
      List<PolicyRow> policies) {}

  /** A policy's last drill and what its drills predict for a failover. */
  public record PolicyRow(String name, Long lastDrillId, String lastDrill, String predicted,
      Light light) {}

  public record ServerRow(String name, String kind, Light collection, Light replay, Light peer,
      String lag, String rpo, String peerRpo) {}

  public record NodeRow(NearlineNode node, Light light) {}

  private static final long PUSH_MILLIS = 2000;

  private final View view;
  private final Nearline services;
  private final ScheduledExecutorService timer;

  StatusPage(View view, Nearline services, ScheduledExecutorService timer) {
    this.view = view;
    this.services = services;
    this.timer = timer;
  }

  void register(Routes routes) {
    routes.page("/", Access.VIEWER, ctx -> view.render(ctx, "status", "DR status",
            Map.of("rawBody", body(ctx))))
        .page("/events/status", Access.VIEWER, new SseHandler(client -> Live.follow(client,
            timer, PUSH_MILLIS, view::stillSignedIn, ctx -> new Live.Frame(body(ctx), false))));
  }

  String body(Context ctx) {
    List<ServerStatus> servers = services.protection().statuses();
    Map<String, Light> collection = new java.util.HashMap<>();
    servers.forEach(s -> collection.put(s.name(), Light.collection(s,
        services.protection().events(s.name(), 20))));
    return view.fragment(ctx, "status-body", Map.of("pairs", pairs(servers, collection),
        "servers", servers.stream().map(s -> serverRow(s, collection.get(s.name()))).toList(),
        "nodes", services.console().nodes().stream().map(n -> new NodeRow(n, new Light(
            n.healthy() ? Light.GREEN : Light.AMBER, n.state() + ": " + n.detail()))).toList(),
        "migrations", MigrationPages.rows(services.migrations())));
  }

  private List<PairRow> pairs(List<ServerStatus> servers, Map<String, Light> collection) {
    Instant now = Instant.now();
    List<RecoveryPolicy> policies = services.recovery().policies();
    List<PairRow> rows = new ArrayList<>();
    for (RecoveryPair pair : services.recovery().pairs()) {
      ServerStatus primary = servers.stream().filter(s -> s.name().equals(pair.primary()))
          .findFirst().orElse(null);
      Light light = primary == null
          ? new Light(Light.RED, "primary " + pair.primary() + " is not protected")
          : collection.get(primary.name());
      if (Light.GREEN.equals(light.color())) {
        light = new Light(Light.GREEN, "configured; primary " + light.reason());
      }
      List<PolicyRow> rowPolicies = new ArrayList<>();
      for (RecoveryPolicy policy : policies) {
        if (policy.pairs().contains(pair.name())) {
          PolicyRow row = policyRow(policy, now);
          rowPolicies.add(row);
          light = Light.worst(light, row.light());
        }
      }
      if (rowPolicies.isEmpty()) {
        light = Light.worst(light, new Light(Light.AMBER, "no policy fails this pair over yet"));
      }
      rows.add(new PairRow(pair.name(), pair.primary(), pair.standby().name(), light,
          rowPolicies));
    }
    return rows;
  }

  private PolicyRow policyRow(RecoveryPolicy policy, Instant now) {
    List<DrillRecord> drills = services.drills().list(policy.name(), 50);
    DrillRecord last = drills.stream().filter(d -> !"running".equals(d.outcome())).findFirst()
        .orElse(null);
    Instant lastPassed = drills.stream().filter(d -> "passed".equals(d.outcome()))
        .map(DrillRecord::endedAt).findFirst().orElse(null);
    DrillTrend trend = services.drills().trend(policy.name(), 10);
    String predicted = trend.predictedFailoverRtoSeconds() == null ? "no prediction yet"
        : Instants.seconds(trend.predictedFailoverRtoSeconds())
            + (policy.rtoTargetSeconds() == null ? ""
                : " (target " + policy.rtoTargetSeconds() + " s)");
    String lastText = last == null ? "never drilled" : last.outcome() + " "
        + Instants.ago(last.endedAt(), now) + (last.rtoSeconds() == null ? ""
            : ", RTO " + Instants.seconds(last.rtoSeconds()));
    Light light = Light.drills(policy.name(), lastPassed, policy.drills().maxInterval(), now);
    if (trend.predictedFailoverRtoSeconds() != null && policy.rtoTargetSeconds() != null
        && trend.predictedFailoverRtoSeconds() > policy.rtoTargetSeconds()) {
      light = Light.worst(light, new Light(Light.AMBER, "predicted RTO "
          + Instants.seconds(trend.predictedFailoverRtoSeconds()) + " exceeds the target of "
          + policy.rtoTargetSeconds() + " s"));
    }
    return new PolicyRow(policy.name(), last == null ? null : last.id(), lastText, predicted,
        light);
  }

  private ServerRow serverRow(ServerStatus s, Light collection) {
    return new ServerRow(s.name(), s.kind(), collection, Light.replay(s), Light.peer(s.peer()),
        Instants.seconds(s.lagSeconds()), Instants.seconds(s.rpoSeconds()),
        Instants.seconds(s.peer() == null ? null : s.peer().peerRpoSeconds()));
  }
}

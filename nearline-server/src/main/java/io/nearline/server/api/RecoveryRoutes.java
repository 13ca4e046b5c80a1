package io.nearline.server.api;

import io.javalin.http.Context;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.PolicyFile;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.journal.RunRecord;
import io.nearline.services.ImportReport;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.Recovery;
import io.nearline.services.RunAction;
import io.nearline.services.RunActionRequest;
import io.nearline.services.Tag;
import io.nearline.services.TagRequest;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;
import java.util.Map;

/** Recovery pairs, policies, runs and tags. */
public final class RecoveryRoutes implements WebModule {
  private static final String DRY_RUN = "true: plan the run (every change it would make) and "
      + "change nothing";

  @Override
  public void register(Routes routes, Nearline services) {
    Recovery recovery = services.recovery();
    routes.get("/api/pairs", RouteDoc.viewer("Recovery pairs").answersListOf(RecoveryPair.class),
            ctx -> ctx.json(recovery.pairs()))
        .post("/api/pairs", RouteDoc.admin("Check the standby and save the pair if it passes (422 "
            + "with the report if not)").takes(RecoveryPair.class).answers(CheckReport.class)
            .status(201).audits(ctx -> named(recovery.pairs(), ctx, RecoveryPair::name)),
            ctx -> ctx.status(201).json(recovery.addPair(Routes.body(ctx, RecoveryPair.class))))
        .post("/api/pairs/{name}/check", RouteDoc.operator("Run the standby check again")
            .answers(CheckReport.class), ctx -> ctx.json(recovery.checkPair(
                ctx.pathParam("name"))))
        .get("/api/policies", RouteDoc.viewer("Recovery policies")
            .answersListOf(RecoveryPolicy.class), ctx -> ctx.json(recovery.policies()))
        .post("/api/policies", RouteDoc.admin("Check a policy and save it if it passes")
            .takes(RecoveryPolicy.class).answers(CheckReport.class).status(201)
            .audits(ctx -> named(recovery.policies(), ctx, RecoveryPolicy::name)),
            ctx -> ctx.status(201).json(recovery.savePolicy(
                Routes.body(ctx, RecoveryPolicy.class))))
        .get("/api/policies/export", RouteDoc.viewer("Every pair and policy, as a policy file")
            .answers(PolicyFile.class), ctx -> ctx.json(recovery.export()))
        .post("/api/policies/import", RouteDoc.admin("Save a policy file's pairs and policies, each"
            + " checked").takes(PolicyFile.class).answers(ImportReport.class),
            ctx -> ctx.json(recovery.importFile(ctx.body())))
        .post("/api/policies/{name}/failover", run("Start a failover (202), or plan one (200)"),
            ctx -> start(ctx, recovery, RunKind.FAILOVER))
        .post("/api/policies/{name}/failback", run("Fail back the policy's last failover (202),"
            + " or plan it (200)"), ctx -> start(ctx, recovery, RunKind.FAILBACK))
        .get("/api/runs", RouteDoc.viewer("Recent runs, newest first, without their steps")
            .answersListOf(RunRecord.class), ctx -> ctx.json(recovery.runs()))
        .get("/api/runs/{id}", RouteDoc.viewer("A run and its journal").answers(RunRecord.class),
            ctx -> ctx.json(recovery.run(id(ctx))));
    for (RunAction action : RunAction.values()) {
      routes.post("/api/runs/{id}/" + action.id(), RouteDoc.operator(action.id() + " a stopped "
          + "run, in the background").takes(RunActionRequest.class).answers(RunRecord.class)
          .status(202).audits(ctx -> Map.of("state", recovery.run(id(ctx)).state())),
          ctx -> ctx.status(202).json(recovery.act(id(ctx), action,
              Routes.body(ctx, RunActionRequest.class).reason())));
    }
    routes.get("/api/servers/{name}/tags", RouteDoc.viewer("A server's tagged recovery points, "
            + "newest first").answersListOf(Tag.class),
            ctx -> ctx.json(services.points().list(ctx.pathParam("name"))))
        .post("/api/servers/{name}/tags", RouteDoc.operator("Tag the primary's position now "
            + "(marked in its log too) or a known position").takes(TagRequest.class)
            .answers(Tag.class).status(201), ctx -> {
              TagRequest t = Routes.body(ctx, TagRequest.class);
              ctx.status(201).json(services.points().add(ctx.pathParam("name"), t.tag(),
                  t.position()));
            });
  }

  /** The saved one of the name the request's body gives, for the audit log; null if none. */
  private static <T> T named(java.util.List<T> saved, Context ctx,
      java.util.function.Function<T, String> name) {
    String wanted;
    try {
      wanted = io.nearline.common.json.Json.MAPPER.readTree(ctx.body()).path("name").asText();
    } catch (java.io.IOException notJson) {
      return null;
    }
    return saved.stream().filter(s -> wanted.equals(name.apply(s))).findFirst().orElse(null);
  }

  private static RouteDoc run(String summary) {
    return RouteDoc.operator(summary).answers(RunRecord.class).status(202)
        .query("dryRun", DRY_RUN);
  }

  private static void start(Context ctx, Recovery recovery, RunKind kind) {
    boolean dry = "true".equals(ctx.queryParam("dryRun"));
    ctx.status(dry ? 200 : 202).json(recovery.start(ctx.pathParam("name"), kind, dry));
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new NearlineException(404, "no run " + ctx.pathParam("id"));
    }
  }
}

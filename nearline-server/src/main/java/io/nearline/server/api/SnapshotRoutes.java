package io.nearline.server.api;

import io.javalin.http.Context;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.server.pit.SyntheticBaselines;
import io.nearline.services.pit.BaselineInfo;
import io.nearline.services.pit.ItemRestoreRequest;
import io.nearline.services.pit.ItemRestored;
import io.nearline.services.pit.SnapshotInfo;
import io.nearline.services.pit.SnapshotRequest;
import io.nearline.services.pit.Snapshots;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;

/** Snapshots (read-only servers of a protected database at a past point) and baselines. */
public final class SnapshotRoutes implements WebModule {
  private final SyntheticBaselines baselines;

  public SnapshotRoutes(SyntheticBaselines baselines) {
    this.baselines = baselines;
  }

  @Override
  public void register(Routes routes, Nearline services) {
    Snapshots snapshots = services.snapshots();
    routes.get("/api/servers/{name}/baselines", RouteDoc.viewer("A server's kept baselines, "
            + "newest first").answersListOf(BaselineInfo.class),
            ctx -> ctx.json(snapshots.baselines(ctx.pathParam("name"))))
        .post("/api/servers/{name}/baselines", RouteDoc.operator("Take a synthetic baseline "
            + "from the surrogate now (never from the primary); answers when it is kept")
            .answers(BaselineInfo.class).status(201),
            ctx -> ctx.status(201).json(baselines.take(ctx.pathParam("name"))))
        .post("/api/servers/{name}/snapshots", RouteDoc.operator("Open a read-only server at "
            + "a past point (202; follow it at /api/snapshots/{snapshot}); 422 names the range that "
            + "can be opened").takes(SnapshotRequest.class).answers(SnapshotInfo.class)
            .status(202), ctx -> ctx.status(202).json(snapshots.open(ctx.pathParam("name"),
                Routes.body(ctx, SnapshotRequest.class), RetentionRoutes.caller(ctx))))
        .get("/api/snapshots", RouteDoc.viewer("Snapshots open and opening, and those ended in "
            + "the last day, newest first").answersListOf(SnapshotInfo.class)
            .query("server", "only this server's"),
            ctx -> ctx.json(snapshots.list(ctx.queryParam("server"))))
        .get("/api/snapshots/{snapshot}", RouteDoc.viewer("A snapshot, with its progress while it "
            + "opens").answers(SnapshotInfo.class), ctx -> ctx.json(snapshots.get(id(ctx))))
        .post("/api/snapshots/{snapshot}/restore-item", RouteDoc.operator("Copy a table, or the "
            + "rows of it a predicate selects, from an open snapshot into the primary (or "
            + "another server) under a new name; answers where they went and how many")
            .takes(ItemRestoreRequest.class).answers(ItemRestored.class),
            ctx -> ctx.json(snapshots.restoreItem(id(ctx), Routes.body(ctx,
                ItemRestoreRequest.class), RetentionRoutes.caller(ctx))))
        .delete("/api/snapshots/{snapshot}", RouteDoc.operator("Stop and remove a snapshot")
            .answers(SnapshotInfo.class), ctx -> ctx.json(snapshots.drop(id(ctx))));
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("snapshot"));
    } catch (NumberFormatException e) {
      throw new NearlineException(404, "no snapshot " + ctx.pathParam("snapshot"));
    }
  }
}

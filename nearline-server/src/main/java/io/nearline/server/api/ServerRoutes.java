package io.nearline.server.api;

import io.nearline.services.Event;
import io.nearline.services.Nearline;
import io.nearline.services.ProtectRequest;
import io.nearline.services.ServerStatus;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;

/** Protected servers: protect, status, events, pause, resume, remove. */
public final class ServerRoutes implements WebModule {
  /** What the health route answers. */
  public record Health(String status) {}

  /** What removing a server answers. */
  public record Removed(String removed) {}

  @Override
  public void register(Routes routes, Nearline services) {
    var protection = services.protection();
    java.util.function.Function<io.javalin.http.Context, Object> status =
        ctx -> protection.status(ctx.pathParam("name"));
    routes.get("/api/health", RouteDoc.viewer("Whether the server answers").answers(Health.class),
            ctx -> ctx.json(new Health("up")))
        .get("/api/servers", RouteDoc.viewer("Every protected server's status")
            .answersListOf(ServerStatus.class), ctx -> ctx.json(protection.statuses()))
        .post("/api/servers", RouteDoc.admin("Protect a server: check its primary and share, "
            + "then collect").takes(ProtectRequest.class).answers(ServerStatus.class)
            .status(201), ctx -> ctx.status(201).json(protection.protect(
                Routes.body(ctx, ProtectRequest.class))))
        .get("/api/servers/{name}", RouteDoc.viewer("One protected server's status")
            .answers(ServerStatus.class), ctx -> ctx.json(protection.status(
                ctx.pathParam("name"))))
        .delete("/api/servers/{name}", RouteDoc.admin("Stop protecting a server and delete its "
            + "stored log").answers(Removed.class).audits(status), ctx -> {
              protection.remove(ctx.pathParam("name"));
              ctx.json(new Removed(ctx.pathParam("name")));
            })
        .get("/api/servers/{name}/events", RouteDoc.viewer("Its recent events, newest first")
            .answersListOf(Event.class), ctx -> ctx.json(protection.events(
                ctx.pathParam("name"), 50)))
        .post("/api/servers/{name}/pause", RouteDoc.operator("Stop collecting (the position is "
            + "kept)").answers(ServerStatus.class).audits(status),
            ctx -> ctx.json(protection.pause(ctx.pathParam("name"))))
        .post("/api/servers/{name}/resume", RouteDoc.operator("Collect again, also after a "
            + "permanent failure was fixed").answers(ServerStatus.class).audits(status),
            ctx -> ctx.json(protection.resume(ctx.pathParam("name"))));
  }
}

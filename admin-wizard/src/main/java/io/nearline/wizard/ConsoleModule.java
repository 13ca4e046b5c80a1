package io.nearline.wizard;

import io.nearline.services.Nearline;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The console's pages and assets, plugged into Nearline's HTTP server. */
public final class ConsoleModule implements WebModule {
  private final Pages pages = new Pages();
  /** Pushes live updates to open pages; a daemon, so it never holds the server up. */
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "console-live");
    t.setDaemon(true);
    return t;
  });

  @Override
  public void register(Routes routes, Nearline services) {
    View view = new View(pages, services);
    routes.assets("/assets", "/io/nearline/wizard/assets")
        .errorPage((ctx, status, message) -> {
          if (status == 303) {
            ctx.result(""); // on its way to the sign-in page
          } else {
            ctx.html(view.html(ctx, "error", status == 403 ? "Not permitted"
                : status == 404 ? "Not found" : "Something went wrong", Map.of(
                    "message", message)));
          }
        });
    Drafts drafts = new Drafts();
    new SignInPages(view, services, drafts).register(routes);
    new StatusPage(view, services, timer).register(routes);
    new ProtectWizard(view, services, drafts).register(routes);
    new PairWizard(view, services, drafts).register(routes);
    new PolicyPage(view, services).register(routes);
    new RunPages(view, services, timer).register(routes);
    new TimeDial(view, services).register(routes);
    new RetentionPage(view, services).register(routes);
    new DrillPages(view, services).register(routes);
    new MigrationPages(view, services).register(routes);
    new PeerPages(view, services).register(routes);
    new AuditPage(view, services).register(routes);
    new TokensPage(view, services).register(routes);
  }

  @Override
  public void stop() {
    timer.shutdownNow(); // no live update may reach the services once they are closing
  }
}

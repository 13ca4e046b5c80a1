package io.nearline.wizard;

import io.nearline.services.Nearline;
import io.nearline.services.web.Access;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;
import java.util.Map;

/** The console's pages and assets, plugged into Nearline's HTTP server. */
public final class ConsoleModule implements WebModule {
  private final Pages pages = new Pages();

  @Override
  public void register(Routes routes, Nearline services) {
    routes.assets("/assets", "/io/nearline/wizard/assets")
        .page("/", Access.VIEWER, ctx -> ctx.html(pages.render("status", Map.of(
            "servers", services.protection().statuses(),
            "pairs", services.recovery().pairs()))));
  }
}

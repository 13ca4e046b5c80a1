package io.nearline.wizard;

import io.nearline.services.Nearline;
import io.nearline.services.web.Access;
import io.nearline.services.web.Routes;
import java.util.Map;

/** The audit log: every change and action, from the API and the console alike. */
final class AuditPage {
  private static final int SHOWN = 200;

  private final View view;
  private final Nearline services;

  AuditPage(View view, Nearline services) {
    this.view = view;
    this.services = services;
  }

  void register(Routes routes) {
    routes.page("/audit", Access.ADMIN, ctx -> view.render(ctx, "audit", "Audit log",
        Map.of("entries", services.console().audit(SHOWN), "shown", SHOWN)));
  }
}

package io.nearline.server.api;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.nearline.services.Nearline;
import io.nearline.services.web.Access;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;

/** The meters in Prometheus's text format, for scrapers. */
public final class MetricsRoutes implements WebModule {
  private final PrometheusMeterRegistry metrics;
  private final boolean open;

  /** @param open whether scrapers may read the meters without a token */
  public MetricsRoutes(PrometheusMeterRegistry metrics, boolean open) {
    this.metrics = metrics;
    this.open = open;
  }

  @Override
  public void register(Routes routes, Nearline services) {
    routes.get("/metrics", RouteDoc.of("Meters in Prometheus text format",
        open ? Access.ANYONE : Access.VIEWER).answers(String.class)
        .contentType("text/plain"), ctx -> ctx.contentType("text/plain; version=0.0.4; "
        + "charset=utf-8").result(metrics.scrape()));
  }
}

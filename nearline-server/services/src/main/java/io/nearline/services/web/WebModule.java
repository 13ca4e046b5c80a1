package io.nearline.services.web;

import io.nearline.services.Nearline;

/**
 * A part of Nearline that serves HTTP: its REST routes, its server-rendered pages and its
 * static assets, all on the one server. A module registers itself in
 * {@code META-INF/services/io.nearline.services.web.WebModule} and the server finds it there;
 * the server's own API routes are modules too, which it builds itself.
 */
public interface WebModule {

  /** Registers routes, pages and assets; called once, before the server starts listening. */
  void register(Routes routes, Nearline services);

  /** Stops whatever the module runs in the background; called once the server has stopped. */
  default void stop() {}
}

package io.nearline.services.web;

/**
 * Who may call a route: a token of at least a role, or a standby's credential for the protected
 * server the route names in its {@code {name}} path parameter, and no one else. Every route
 * declares one; there is no default, so a new route cannot forget.
 */
public sealed interface Access {

  /** A person's or a tool's token of at least this role. */
  record AtLeast(Role role) implements Access {}

  /**
   * A credential made for one protected server's standby or surrogate: it reads that server's
   * log and nothing else. Tokens of any role are refused.
   */
  record LogReader() implements Access {}

  /** Anyone, without a token: only what an operator opened on purpose, such as metrics. */
  record Anyone() implements Access {}

  Access VIEWER = new AtLeast(Role.VIEWER);
  Access OPERATOR = new AtLeast(Role.OPERATOR);
  Access ADMIN = new AtLeast(Role.ADMIN);
  Access LOG_READER = new LogReader();
  Access ANYONE = new Anyone();
}

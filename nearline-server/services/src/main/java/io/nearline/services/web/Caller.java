package io.nearline.services.web;

/**
 * Who made a request, as the server authenticated it: a named token with a role, or a
 * credential that reads one protected server's log ({@code role} null, {@code server} set).
 *
 * @param name the token's or credential's name, as the audit log shows it
 * @param role the token's role; null for a log reader
 * @param server the protected server a log reader may read; null for a token
 */
public record Caller(String name, Role role, String server) {
  /** The request attribute the server keeps the caller in. */
  public static final String ATTRIBUTE = "nearline.caller";

  /** Who made this request; null before authentication. */
  public static Caller of(io.javalin.http.Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  public static Caller token(String name, Role role) {
    return new Caller(name, role, null);
  }

  public static Caller logReader(String name, String server) {
    return new Caller(name, null, server);
  }

  /**
   * Whether this caller may call a route with {@code access}; {@code pathServer} is the server the
   * route names in its {@code {name}} path parameter, or null.
   */
  public boolean may(Access access, String pathServer) {
    if (access instanceof Access.AtLeast a) {
      return role != null && role.includes(a.role());
    }
    if (access instanceof Access.LogReader) {
      return role == null && server != null && server.equals(pathServer);
    }
    return access instanceof Access.Anyone;
  }
}

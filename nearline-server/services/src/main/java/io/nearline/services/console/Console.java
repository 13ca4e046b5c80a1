package io.nearline.services.console;

import java.util.List;

/**
 * Signing people in to the web console, and what only the console shows. The local admin's
 * password is set once, with a one-time setup code; directory users sign in by LDAP bind, with
 * their groups mapped to roles.
 */
public interface Console {

  /** This near-line server's name, shown on every page. */
  String nearlineName();

  /** Whether the local admin's password is still to be set (the setup code is then live). */
  boolean setupPending();

  /**
   * Sets the local admin's password, once, with the setup code the server wrote at start.
   *
   * @throws io.nearline.services.NearlineException 403 for a wrong or used code, 400 for a
   *     password that is too short
   */
  void setUp(String code, String password);

  /**
   * Signs a person in: the local admin by password, anyone else by a bind to the directory.
   *
   * @throws io.nearline.services.NearlineException 401 for a wrong name or password (the same
   *     words for both), 429 while the name is locked out after repeated failures
   */
  Session signIn(String user, String password, String address);

  /** The live session with this id, its idle time reset; null if none (or expired). */
  Session session(String id);

  void signOut(String id);

  /** Whether the session is still live, without counting this as a use (live updates ask). */
  boolean isLive(String id);

  /** The newest audit entries, newest first. */
  List<AuditEntry> audit(int limit);

  /** This near-line server and, when paired, its peer. */
  List<NearlineNode> nodes();

  /** The live API tokens, never their secrets. */
  List<TokenView> tokens();

  /**
   * Makes an API token: its secret is in the answer, and nowhere else afterwards.
   *
   * @throws io.nearline.services.NearlineException 400 for a name it cannot take, 409 if a live
   *     token has it
   */
  TokenView createToken(String name, io.nearline.services.web.Role role);

  /** @throws io.nearline.services.NearlineException 404 if there is no such live token */
  void revokeToken(String name);
}

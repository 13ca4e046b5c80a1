package io.nearline.services;

import java.util.List;

/**
 * Protecting servers: collecting their log, and how each stands. Every method may be called
 * from any thread. A name that is not protected gets a {@link NearlineException} with 404.
 */
public interface Protection {

  /**
   * Checks everything before saving (the fields, the primary's identity, the share with these
   * credentials), then starts collecting and, if wanted, seeding a surrogate.
   *
   * @throws NearlineException 400 naming the fields at fault, 409 if the name is taken
   */
  ServerStatus protect(ProtectRequest request);

  /**
   * Lists the share's folder with these credentials, changing nothing: what was found, in words.
   *
   * @throws NearlineException 400 naming the field at fault (share, user or password), 502 when
   *     the share cannot be reached
   */
  String checkShare(String share, String user, String password);

  /**
   * Reads the primary's identity through its connection string, changing nothing: the version
   * and identity found, in words.
   *
   * @throws NearlineException 400 naming the field at fault (kind or primary)
   */
  String checkPrimary(String kind, String primary);

  List<ServerStatus> statuses();

  ServerStatus status(String name);

  /** The server's recent events, newest first. */
  List<Event> events(String name, int limit);

  /** Stops collecting; the collected position is kept. */
  ServerStatus pause(String name);

  /** Collects again, also after a permanent failure has been fixed. */
  ServerStatus resume(String name);

  /**
   * Stops protecting: collection, the surrogate and anything staged for it stop before this
   * returns; the server's records and stored files are deleted.
   */
  void remove(String name);
}

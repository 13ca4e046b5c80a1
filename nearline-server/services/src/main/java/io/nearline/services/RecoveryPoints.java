package io.nearline.services;

import java.util.List;

/** Named recovery points of protected servers. Tags never move: a name means one point. */
public interface RecoveryPoints {

  /**
   * Tags {@code position} (in the application's own form), or the primary's current position
   * when it is null, marked in the primary's log too.
   *
   * @throws NearlineException 409 if the tag exists, 503 if the primary cannot be asked
   */
  Tag add(String server, String tag, String position);

  /** The server's tags, newest first. */
  List<Tag> list(String server);
}

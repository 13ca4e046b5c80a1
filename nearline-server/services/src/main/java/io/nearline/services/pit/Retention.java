package io.nearline.services.pit;

import java.util.List;

/** What each server's store keeps, and the points kept whatever it says. */
public interface Retention {

  /** The server's policy (the default unless one was set). */
  RetentionPolicy policy(String server);

  /** @throws io.nearline.services.NearlineException 400 naming a field that is wrong */
  RetentionPolicy setPolicy(String server, RetentionPolicy policy);

  /** What retention would keep and remove now, changing nothing. */
  RetentionPlan plan(String server);

  /** Runs retention for the server now; answers what it removed. */
  RetentionPlan apply(String server);

  /**
   * Puts a point under legal hold.
   *
   * @throws io.nearline.services.NearlineException 400 without exactly one point or a reason
   */
  LegalHold hold(String server, HoldRequest request, String by);

  /** Lifts a hold; retention may then remove what only it kept. */
  LegalHold lift(long id, String by);

  /** Holds of a server, or of all (null), those in force first. */
  List<LegalHold> holds(String server);
}

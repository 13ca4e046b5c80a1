package io.nearline.recovery.postgres;

import io.nearline.recovery.standby.StandbyException;
import java.time.Duration;

/**
 * Hands the primary role from one server to another that streams from it, losing nothing: the
 * old one is stopped cleanly (its shutdown checkpoint is streamed to its follower), the new one
 * replays that last record, then is promoted.
 */
final class Handover {
  private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(10);

  private Handover() {
  }

  /** Returns the old primary's last record. */
  static String perform(PostgresStandby from, PostgresStandby to, String user) throws Exception {
    from.stop();
    String last = from.lastCheckpoint();
    long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
    while (!"t".equals(to.query(user,
        "SELECT coalesce(pg_last_wal_replay_lsn() >= '" + last + "'::pg_lsn, false)"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the new primary has not replayed the old one's last "
            + "record " + last + " after " + CATCH_UP_LIMIT.toMinutes() + " minutes; nothing "
            + "was promoted. Roll back to start the old one again");
      }
      Thread.sleep(100);
    }
    to.promote();
    to.query(user, "ALTER SYSTEM RESET primary_conninfo");
    to.query(user, "ALTER SYSTEM RESET restore_command");
    to.query(user, "SELECT pg_reload_conf()");
    return last;
  }

  /** Starts a follower and waits until it streams from its primary. */
  static void startFollowing(PostgresStandby follower, String user) throws Exception {
    Promote.start(follower);
    long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
    while (!"streaming".equals(receiverStatus(follower, user))) {
      if (!follower.isRunning()) {
        throw new IllegalStateException("PostgreSQL stopped while starting to follow; its log "
            + "ends:\n" + follower.lastLines("nearline-start.log"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not streaming after an hour; its log ends:\n"
            + follower.lastLines("nearline-start.log"));
      }
      Thread.sleep(200);
    }
  }

  private static String receiverStatus(PostgresStandby pg, String user) {
    try {
      return pg.query(user, "SELECT status FROM pg_stat_wal_receiver");
    } catch (StandbyException notAnsweringYet) {
      return "starting";
    }
  }
}

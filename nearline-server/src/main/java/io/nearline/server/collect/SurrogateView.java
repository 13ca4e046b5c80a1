package io.nearline.server.collect;

import io.nearline.server.catalog.Baselines;
import java.time.Instant;

/**
 * A surrogate as status shows it.
 *
 * @param state none, seeding, starting, replaying, stalled or failed
 * @param replayedLsn the last replayed position
 * @param replayedAt commit time of the last replayed transaction
 * @param rpoSeconds age of {@code replayedAt}: what a failover now would lose, at most
 * @param connection how to reach the surrogate for read-only queries
 * @param error why it is stalled or failed
 * @param consistencyPoint the latest recorded one: what a recovery restores by default
 */
public record SurrogateView(String state, String replayedLsn, Instant replayedAt,
    Double rpoSeconds, String connection, String error,
    Baselines.ConsistencyPoint consistencyPoint) {
  public static final SurrogateView NONE =
      new SurrogateView("none", null, null, null, null, null, null);
}

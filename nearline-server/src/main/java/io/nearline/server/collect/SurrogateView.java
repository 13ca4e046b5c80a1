package io.nearline.server.collect;

import io.nearline.services.ConsistencyPoint;
import io.nearline.services.SurrogateState;
import io.nearline.shadow.Position;
import java.time.Instant;

/**
 * A surrogate as status shows it.
 *
 * @param replayed the last replayed position
 * @param replayedAt commit time of the last replayed transaction
 * @param rpoSeconds age of {@code replayedAt}: what a failover now would lose, at most
 * @param connection how to reach the surrogate for read-only queries
 * @param error why it is stalled or failed
 * @param consistencyPoint the latest recorded one: what a recovery restores by default
 */
public record SurrogateView(SurrogateState state, Position replayed, Instant replayedAt,
    Double rpoSeconds, String connection, String error, ConsistencyPoint consistencyPoint) {
  public static final SurrogateView NONE =
      new SurrogateView(SurrogateState.NONE, null, null, null, null, null, null);
}

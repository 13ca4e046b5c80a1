package io.nearline.shadow;

import java.time.Instant;

/**
 * How far a surrogate has replayed.
 *
 * @param position the last replayed position
 * @param lastCommitAt commit time of the last replayed transaction; null if none replayed yet
 */
public record ReplayStatus(Position position, Instant lastCommitAt) {}

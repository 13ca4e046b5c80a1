package io.nearline.services.pit;

import java.time.Instant;

/**
 * A kept baseline as users see it.
 *
 * @param takenFrom {@code PRIMARY}, or {@code SURROGATE} for a synthetic one
 * @param endedAt the time by which its end had been written: points from then on can start
 *     from it
 * @param published whether it is also kept unpacked, so snapshots from it start in a moment
 */
public record BaselineInfo(long id, String label, String start, String end, long lineage,
    String takenFrom, Instant endedAt, long archiveBytes, boolean published, Instant keptAt) {}

package io.nearline.shadow;

import java.nio.file.Path;

/**
 * A full copy of a primary's data at a known position: the start of a surrogate.
 *
 * @param directory where the copy is, in the application's own layout
 * @param label the application's label for this copy
 * @param start the position replay must start from
 * @param end the position replay must reach before the copy is consistent
 * @param lineage the branch of history it was taken on (PostgreSQL timeline)
 * @param nextTransaction the first transaction id the copy cannot hold, where the application
 *     numbers transactions (so a later one committed after its end); null if unknown
 */
public record Baseline(Path directory, String label, Position start, Position end,
    long lineage, String nextTransaction) {}

package io.nearline.services.pit;

import java.time.Instant;

/**
 * A snapshot as users see it.
 *
 * @param askedFor the point as it was asked for ("time 2026-…", "tag nightly")
 * @param target the point replay stops at, in the application's terms
 * @param baseline which kept baseline it was built from (its end position)
 * @param connection how a client reaches it while it is open
 * @param replayed where its replay stands
 * @param replayedCommitAt the commit time of the last transaction it replayed
 * @param bytesLeft log bytes still to replay to the point (at most), while opening
 * @param secondsLeft the time left at the replay rate measured so far, while opening
 */
public record SnapshotInfo(long id, String server, String askedFor, String target,
    SnapshotState state, String detail, String baseline, Integer port, String connection,
    String replayed, Instant replayedCommitAt, Long bytesLeft, Double secondsLeft,
    Instant createdAt, Instant expiresAt, Instant endedAt) {}

package io.nearline.server.collect;

import io.nearline.services.CollectorState;
import java.time.Instant;

/** A snapshot of one collector, taken without waiting for a poll in progress. */
public record CollectorStatus(
    CollectorState state, String lastSegment, Instant lastCollectedAt, long segmentsCollected,
    long bytesCollected, int pendingSegments, double lagSeconds, long errors, String lastError) {}

package io.nearline.server.collect;

import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Incidents;
import java.time.Instant;
import java.util.List;

/** One protected server as {@code nearline status} and {@code GET /api/servers} show it. */
public record ServerStatus(
    String name, String kind, String state, String share, String systemIdentifier,
    String lastSegment, Instant lastCollectedAt, long segmentsCollected, long bytesCollected,
    int pendingSegments, double lagSeconds, List<Incidents.Gap> gaps,
    List<Incidents.Quarantined> quarantined, long errors, String lastError,
    String surrogateState, String replayedLsn, Instant replayedAt, Double rpoSeconds,
    String surrogate, String surrogateError, Baselines.ConsistencyPoint consistencyPoint) {}

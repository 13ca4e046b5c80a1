package io.nearline.services;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.nearline.shadow.Position;
import java.time.Instant;
import java.util.List;

/**
 * One protected server as {@code nearline status} and {@code GET /api/servers} show it.
 *
 * @param replayed the surrogate's last replayed position; shown as {@code replayedLsn}, the name
 *     the API has always given it
 * @param rpoSeconds age of the last replayed commit: what a failover now would lose, at most
 * @param surrogate how to reach the surrogate for read-only queries
 * @param consistencyPoint the latest recorded one: what a recovery restores by default
 * @param peer the link to the near-line peer for this server; null when none is paired
 * @param restorability whether every kept point restores, as last checked; null before
 */
public record ServerStatus(
    String name, String kind, CollectorState state, String share, String systemIdentifier,
    String lastSegment, Instant lastCollectedAt, long segmentsCollected, long bytesCollected,
    int pendingSegments, double lagSeconds, List<Gap> gaps, List<Quarantined> quarantined,
    long errors, String lastError, SurrogateState surrogateState,
    @JsonProperty("replayedLsn") Position replayed, Instant replayedAt, Double rpoSeconds,
    String surrogate, String surrogateError, ConsistencyPoint consistencyPoint,
    io.nearline.services.peer.PeerLinkStatus peer,
    io.nearline.services.pit.Restorability restorability) {}

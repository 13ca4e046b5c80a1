package io.nearline.services.peer;

import io.nearline.recovery.CheckReport;
import java.time.Instant;

/**
 * The pair as {@code nearline peer status} shows it, from this near-line's side.
 *
 * @param link host:port this near-line's link is reached by
 * @param peer the paired near-line, or null
 * @param check the last pairing check made here, or null
 * @param backlogObjects objects the peer has not acknowledged (on the active only)
 * @param catchUpSeconds how long the backlog takes at the current limit, or at the rate seen
 */
public record PairStatus(String nodeId, NodeRole role, long epoch, String roleReason,
    String link, LinkState state, String lastError, Peer peer, CheckReport check,
    Long backlogObjects, Long backlogBytes, Double catchUpSeconds, double sendRateBytes,
    long limitBytes, LinkSettings settings) {

  public record Peer(String nodeId, String link, Instant pairedAt) {}
}

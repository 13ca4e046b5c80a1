package io.nearline.services.peer;

import java.time.Instant;

/**
 * The link as {@code nearline status --json} shows it for one protected server.
 *
 * @param lastAck when the peer last acknowledged one of this server's objects
 * @param lastAckObject which one
 * @param backlogBytes stored bytes committed here and not yet acknowledged
 * @param sendRateBytes bytes per second on the link, both ways, over the last seconds
 * @param peerRpoSeconds the age of what the peer's surrogate has replayed, as it last said
 * @param catchUpSeconds how long the backlog takes at the current limit (or rate), if known
 */
public record PeerLinkStatus(LinkState state, NodeRole role, Instant lastAck,
    String lastAckObject, Long backlogBytes, Long backlogObjects, double sendRateBytes,
    Double peerRpoSeconds, Double catchUpSeconds, long limitBytes, String lastError) {}

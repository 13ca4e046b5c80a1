package io.nearline.services.console;

/**
 * A near-line server, this one or its peer, as the DR status page's bottom row shows it.
 *
 * @param name its host name, or the peer's address
 * @param role active, peer, fenced or unpaired, as it stands
 * @param state how it is: running, or the peer link's state
 * @param detail what to know about it, in a few words (store size, free space, last
 *     acknowledgement)
 * @param healthy whether nothing about it needs attention
 */
public record NearlineNode(String name, String role, String state, String detail,
    boolean healthy) {}

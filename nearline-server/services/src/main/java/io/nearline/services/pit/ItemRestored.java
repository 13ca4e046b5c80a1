package io.nearline.services.pit;

/**
 * Where restored rows went and how many there were.
 *
 * @param point the snapshot's point ("time …")
 * @param target the server and new table they went to
 */
public record ItemRestored(long snapshot, String point, String table, String target,
    long rows) {}

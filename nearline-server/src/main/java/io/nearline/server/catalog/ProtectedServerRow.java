package io.nearline.server.catalog;

import io.nearline.shadow.ServerIdentity;
import java.time.Instant;

/** A protected server as the catalog holds it; the share password stays sealed. */
public record ProtectedServerRow(
    int id, String name, String kind, String shareUrl, String shareUser, String sealedPassword,
    String primaryConnection, ServerIdentity identity, boolean paused, String lastSegment,
    Instant lastCollectedAt, long segmentsCollected, long bytesCollected,
    boolean surrogateWanted, Integer surrogatePort) {}

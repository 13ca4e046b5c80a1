package io.nearline.services.pit;

import java.time.Instant;

/**
 * A point kept whatever retention says, until an admin lifts it.
 *
 * @param askedFor as the admin named it ("time …", "tag …", "lsn …")
 * @param position where it is in the log
 */
public record LegalHold(long id, String server, String askedFor, String position,
    String reason, String setBy, Instant setAt, String liftedBy, Instant liftedAt) {}

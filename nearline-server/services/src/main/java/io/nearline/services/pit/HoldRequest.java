package io.nearline.services.pit;

import io.nearline.common.config.Describe;

/** A point to put under legal hold (exactly one of time, lsn, tag), and why. */
public record HoldRequest(
    @Describe("An ISO-8601 time: every commit up to it is kept") String time,
    @Describe("A log position") String lsn,
    @Describe("A tagged recovery point") String tag,
    @Describe("Why it is held: a case, a ticket, an order") String reason) {}

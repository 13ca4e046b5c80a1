package io.nearline.services;

import io.nearline.common.config.Describe;

/** What goes with a retry, skip or rollback. */
public record RunActionRequest(
    @Describe("Why the failed step is skipped; required to skip, and journaled") String reason) {}

package io.nearline.services;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;

/** A tag to record: at the primary's position now, or at a known one. */
public record TagRequest(
    @Describe("The tag's name: 1-128 letters, digits, '.', '_' or '-'") @Check.Required
    String tag,
    @Describe("A known log position in the application's form (PostgreSQL: 0/3000060); the "
        + "primary's position now, marked in its log, unless given") String position) {}

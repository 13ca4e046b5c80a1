package io.nearline.services.pit;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;

/** One table, or the rows of it a predicate selects, to copy out of an open snapshot. */
public record ItemRestoreRequest(
    @Describe("The table, schema-qualified (public.orders)") @Check.Required String table,
    @Describe("Only the rows this SQL predicate selects, evaluated on the snapshot") String where,
    @Describe("Where to: the primary (default), or a libpq connection string such as the "
        + "standby's") String into,
    @Describe("The new table's name there; it must not exist") @Check.Required String as) {}

package io.nearline.recovery;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;

/**
 * A protected primary and the standby it is restored to, each addressed on its own.
 *
 * @param primaryHost optional until a failback is wanted
 */
public record RecoveryPair(
    @Describe("The pair's name") @Check.Required
    @Check.Matches(regex = Names.REGEX, means = Names.MEANS) String name,
    @Describe("The protected server's name in Nearline") @Check.Required
    @Check.Matches(regex = Names.REGEX, means = Names.MEANS) String primary,
    @Describe("Where the primary is restored") @Check.Required Standby standby,
    @Describe("How Nearline reaches the primary's own host to bring it back on failback "
        + "(same fields as a standby)") Standby primaryHost) {
}

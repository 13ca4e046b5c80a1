package io.nearline.recovery;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import java.util.List;

/**
 * DNS names re-homed with the clients: each is pointed at the standby's client host (an A or
 * AAAA record for an address, a CNAME for a name) by an RFC 2136 update signed with TSIG.
 * A name carries no port: clients that find the server by name must use the standby's port.
 */
public record DnsPlan(
    @Describe("The zone's primary name server") @Check.Required String server,
    @Describe("Its port, 53 unless given") @Check.Port int port,
    @Describe("The zone, such as example.com.") @Check.Required String zone,
    @Describe("The TSIG key allowed to update the zone") @Check.Required String keyName,
    @Describe("The key's algorithm, hmac-sha256 unless given") String keyAlgorithm,
    @Describe("A file on the near-line host holding the key's secret (kept out of policies)")
    @Check.Required @Check.AbsolutePath String keyFile,
    @Describe("The names to move, relative to the zone or absolute") @Check.Required
    List<String> names,
    @Describe("The new records' time to live in seconds, 60 unless given; short, so clients "
        + "move soon") @Check.Positive long ttl) {

  public DnsPlan {
    names = names == null ? List.of() : List.copyOf(names);
    port = port == 0 ? 53 : port;
    keyAlgorithm = keyAlgorithm == null ? "hmac-sha256" : keyAlgorithm;
    ttl = ttl == 0 ? 60 : ttl;
  }
}

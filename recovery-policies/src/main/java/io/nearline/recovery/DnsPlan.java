package io.nearline.recovery;

import java.util.List;

/**
 * DNS names re-homed with the clients: each is pointed at the standby's client host (an A or
 * AAAA record for an address, a CNAME for a name) by an RFC 2136 update signed with TSIG.
 * A name carries no port: clients that find the server by name must use the standby's port.
 *
 * @param server the zone's primary name server
 * @param port usually 53
 * @param zone e.g. {@code example.com.}
 * @param keyName the TSIG key allowed to update the zone
 * @param keyAlgorithm e.g. {@code hmac-sha256}
 * @param keyFile a file on the near-line host holding the key's secret (kept out of policies)
 * @param names the names to move, relative to the zone or absolute
 * @param ttl the time to live of the new records, in seconds; short, so clients move soon
 */
public record DnsPlan(String server, int port, String zone, String keyName,
    String keyAlgorithm, String keyFile, List<String> names, long ttl) {

  public DnsPlan {
    names = names == null ? List.of() : List.copyOf(names);
    port = port == 0 ? 53 : port;
    keyAlgorithm = keyAlgorithm == null ? "hmac-sha256" : keyAlgorithm;
    ttl = ttl == 0 ? 60 : ttl;
  }

  void validate() throws InvalidPolicyException {
    Fields.required("dns server", server);
    Fields.port("dns port", port);
    Fields.required("dns zone", zone);
    Fields.required("dns keyName", keyName);
    Fields.absolutePath("dns keyFile", keyFile);
    if (names.isEmpty()) {
      throw new InvalidPolicyException("dns names: list at least one name to re-home");
    }
    if (ttl < 1) {
      throw new InvalidPolicyException("dns ttl must be at least 1 second, not " + ttl);
    }
  }
}

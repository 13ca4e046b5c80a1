package io.nearline.shadow;

import java.util.Objects;

/**
 * What makes a primary's log files its own, learned once when the server is protected.
 *
 * @param systemIdentifier the application's identifier for this copy of its data (PostgreSQL's
 *     system identifier; ESE's log signature), in the connector's canonical text form
 * @param segmentSize the size in bytes of every closed log segment
 * @param version the application's version, as the primary reports it
 */
public record ServerIdentity(String systemIdentifier, long segmentSize, String version) {
  public ServerIdentity {
    Objects.requireNonNull(systemIdentifier, "systemIdentifier");
    Objects.requireNonNull(version, "version");
    if (segmentSize <= 0) {
      throw new IllegalArgumentException("segment size must be positive: " + segmentSize);
    }
  }
}

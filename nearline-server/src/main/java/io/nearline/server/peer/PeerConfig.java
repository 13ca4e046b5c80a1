package io.nearline.server.peer;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;

/** Where this near-line's link to its peer listens, and the address its peer reaches it by. */
public record PeerConfig(
    @Describe("The link's address; the API's unless given") String bind,
    @Describe("The link's port, 0 for any free one") @Check.Range(min = 0, max = 65535) int port,
    @Describe("host:port the peer reaches this near-line's link by; bind:port unless given")
    String advertise) {

  public static final int DEFAULT_PORT = 7481;

  /** The link on the API's address and any free port: for tests and samples. */
  public static PeerConfig defaults() {
    return new PeerConfig(null, 0, null);
  }
}

package io.nearline.shadow;

/**
 * Support for one application (PostgreSQL, Exchange ESE, ...). Registered in
 * {@code META-INF/services/io.nearline.shadow.ApplicationConnector}; one instance serves every
 * protected server of its kind and must be thread-safe.
 */
public interface ApplicationConnector {

  /** The kind name users type and the catalog stores, such as {@code postgresql}. */
  String kind();

  /**
   * Learns the primary's identity from a live connection to it. Called once, when a server is
   * protected, on the caller's thread; may block on the network.
   *
   * @param connection the connector's connection string for the primary
   * @throws IdentityUnavailableException if the primary cannot be asked
   */
  ServerIdentity identify(String connection) throws IdentityUnavailableException;

  /** The log format of a server with this identity. */
  LogFormat<?> logFormat(ServerIdentity identity);

  /** Baselines and surrogates, if this application can be replayed on the near-line host. */
  default java.util.Optional<Shadowing> shadowing(ServerIdentity identity) {
    return java.util.Optional.empty();
  }
}

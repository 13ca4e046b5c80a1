package io.nearline.shadow;

import java.util.Optional;

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

  /**
   * A position from its canonical text, as stored or typed.
   *
   * @throws IllegalArgumentException naming the form expected
   */
  Position parsePosition(String text);

  /**
   * Opens a connection to the primary. Called on the caller's thread; may block on the network.
   *
   * @param purpose what the connection is for, shown on the primary (its application name)
   * @throws IdentityUnavailableException if the primary cannot be reached
   */
  PrimaryConnection connect(String connection, String purpose)
      throws IdentityUnavailableException;

  /** Baselines and surrogates, if this application can be replayed on the near-line host. */
  default Optional<Shadowing> shadowing(ServerIdentity identity) {
    return Optional.empty();
  }
}

/**
 * The shadow SPI: what the engine needs to know of an application's write-ahead log, and nothing
 * of servers, catalogs or HTTP.
 *
 * <p>An application is supported by one {@link io.nearline.shadow.ApplicationConnector}, found
 * through {@link java.util.ServiceLoader}; it names the log files it owns, orders them, validates
 * them against the protected server's {@link io.nearline.shadow.ServerIdentity}, and learns that
 * identity from the primary. The engine never names a connector.
 */
package io.nearline.shadow;

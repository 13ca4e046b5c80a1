package io.nearline.directory.dns;

/**
 * Where and how to send updates.
 *
 * @param server the primary name server's address
 * @param port usually 53
 * @param zone the zone the names live in, e.g. {@code example.com.}
 * @param keyName the TSIG key's name
 * @param keyAlgorithm e.g. {@code hmac-sha256}
 * @param keySecret the key's secret, base64
 */
public record DnsSettings(String server, int port, String zone, String keyName,
    String keyAlgorithm, String keySecret) {
}

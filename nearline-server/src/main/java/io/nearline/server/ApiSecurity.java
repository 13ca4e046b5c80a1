package io.nearline.server;

import io.nearline.common.config.Describe;
import java.nio.file.Path;

/** Who may reach the API without a token, and how it is served. */
public record ApiSecurity(
    @Describe("Whether /metrics answers scrapers without a token (closed by default)")
    boolean openMetrics,
    @Describe("Serve the API over TLS; required on any address but loopback") boolean tls,
    @Describe("The server's certificate (PEM); a self-signed one is made at first start "
        + "unless given") Path certificate,
    @Describe("The private key of that certificate (PEM, unencrypted, readable by the server "
        + "only)") Path privateKey) {

  public static ApiSecurity defaults() {
    return new ApiSecurity(false, false, null, null);
  }

  public ApiSecurity withTls(Path certificate, Path privateKey) {
    return new ApiSecurity(openMetrics, true, certificate, privateKey);
  }
}

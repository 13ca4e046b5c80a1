package io.nearline.server;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.server.auth.ConsoleConfig;
import java.nio.file.Path;

/** Who may reach the API without a token, and how it is served. */
public record ApiSecurity(
    @Describe("Whether /metrics answers scrapers without a token (closed by default)")
    boolean openMetrics,
    @Describe("Serve the API over TLS; required on any address but loopback") boolean tls,
    @Describe("The server's certificate (PEM); a self-signed one is made at first start "
        + "unless given") Path certificate,
    @Describe("The private key of that certificate (PEM, unencrypted, readable by the server "
        + "only)") Path privateKey,
    @Describe("How people sign in to the web console") @Check.Required ConsoleConfig console) {

  public ApiSecurity(boolean openMetrics, boolean tls, Path certificate, Path privateKey) {
    this(openMetrics, tls, certificate, privateKey, ConsoleConfig.defaults());
  }

  public static ApiSecurity defaults() {
    return new ApiSecurity(false, false, null, null);
  }

  public ApiSecurity withTls(Path certificate, Path privateKey) {
    return new ApiSecurity(openMetrics, true, certificate, privateKey, console);
  }

  public ApiSecurity withConsole(ConsoleConfig console) {
    return new ApiSecurity(openMetrics, tls, certificate, privateKey, console);
  }
}

package io.nearline.server;

import io.nearline.common.config.Describe;

/** Who may reach the API without a token. */
public record ApiSecurity(
    @Describe("Whether /metrics answers scrapers without a token (closed by default)")
    boolean openMetrics) {

  public static ApiSecurity defaults() {
    return new ApiSecurity(false);
  }
}

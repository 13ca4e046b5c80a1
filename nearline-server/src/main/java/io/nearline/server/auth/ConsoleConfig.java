package io.nearline.server.auth;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import java.time.Duration;

/** How people sign in to the web console. */
public record ConsoleConfig(
    @Describe("A console session ends after this long without a request") @Check.Positive
    Duration idleTimeout,
    @Describe("Failed sign-ins in a row that lock a name out") @Check.Range(min = 1, max = 100)
    int maxFailures,
    @Describe("How long a name stays locked out") @Check.Positive Duration lockout,
    @Describe("Directory sign-in by LDAP bind; none (only the local admin) unless given")
    DirectorySignIn directory) {

  public static ConsoleConfig defaults() {
    return new ConsoleConfig(Duration.ofMinutes(30), 5, Duration.ofMinutes(15), null);
  }

  public ConsoleConfig withDirectory(DirectorySignIn directory) {
    return new ConsoleConfig(idleTimeout, maxFailures, lockout, directory);
  }
}

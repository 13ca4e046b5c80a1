package io.nearline.server.surrogate;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.common.process.Program;
import java.time.Duration;

/** How surrogates are kept. */
public record SurrogateConfig(
    @Describe("The unprivileged account surrogates run as when Nearline runs as root")
    @Check.Required String osUser,
    @Describe("How often each surrogate is checked") @Check.Positive Duration watchInterval,
    @Describe("How long replay may stand still while newer log is collected before it is "
        + "reported as stalled") @Check.Positive Duration stallAfter,
    @Describe("How long a new baseline waits for the log it needs to be collected")
    @Check.Positive Duration walWait,
    @Describe("How often a consistency point is recorded while replay advances")
    @Check.Positive Duration pointEvery,
    @Describe("The pause before a failed baseline is tried again") @Check.Positive
    Duration seedRetry) {

  public static SurrogateConfig defaults() {
    return new SurrogateConfig(Program.isRoot() ? "nearline" : System.getProperty("user.name"),
        Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(10),
        Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  /** The same, with every interval set for tests and demonstrations that cannot wait. */
  public SurrogateConfig withTimings(Duration watchInterval, Duration stallAfter,
      Duration walWait, Duration pointEvery, Duration seedRetry) {
    return new SurrogateConfig(osUser, watchInterval, stallAfter, walWait, pointEvery,
        seedRetry);
  }
}

package io.nearline.server.surrogate;

import java.time.Duration;

/**
 * How surrogates are kept.
 *
 * @param osUser the unprivileged account surrogates run as when Nearline runs as root
 * @param watchInterval how often each surrogate is checked
 * @param stallAfter how long replay may stand still while newer log is collected before it is
 *     reported as stalled
 * @param walWait how long a new baseline waits for the log it needs to be collected
 * @param pointEvery how often a consistency point is recorded while replay advances
 * @param seedRetry pause before a failed baseline is tried again
 */
public record SurrogateConfig(String osUser, Duration watchInterval, Duration stallAfter,
    Duration walWait, Duration pointEvery, Duration seedRetry) {

  public static SurrogateConfig defaults() {
    boolean root = "root".equals(System.getProperty("user.name"));
    return new SurrogateConfig(root ? "nearline" : System.getProperty("user.name"),
        Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(10),
        Duration.ofSeconds(30), Duration.ofMinutes(5));
  }
}

package io.nearline.recovery.steps;

import io.nearline.recovery.Standby;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.spi.RecoveryStep;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The steps that work the same for every application, for a recovery connector to offer with
 * its own: mailboxes and service entries in the directory, DNS names, restart commands,
 * collection, and their reversal on failback.
 */
public final class EngineSteps {
  private EngineSteps() {
  }

  /**
   * @param clientEndpoint what a service entry says to send clients to a server
   */
  public static List<RecoveryStep> all(RecoveryEnvironment environment,
      Function<Standby, Map<String, String>> clientEndpoint) {
    return List.of(new RebindMailboxes(), new RehomeClients(clientEndpoint),
        new RestartServices(), new CleanUp(environment), new ReverseDirectory(),
        new ResumeProtection(environment));
  }
}

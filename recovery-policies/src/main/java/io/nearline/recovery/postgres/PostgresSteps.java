package io.nearline.recovery.postgres;

import io.nearline.recovery.run.RecoveryStep;
import io.nearline.recovery.steps.CleanUp;
import io.nearline.recovery.steps.RebindMailboxes;
import io.nearline.recovery.steps.RehomeClients;
import io.nearline.recovery.steps.RecoveryEnvironment;
import io.nearline.recovery.steps.RestartServices;
import io.nearline.recovery.steps.ResumeProtection;
import io.nearline.recovery.steps.ReverseDirectory;
import java.util.List;

/** Every step a PostgreSQL recovery pair can run. */
public final class PostgresSteps {
  private PostgresSteps() {
  }

  public static List<RecoveryStep> all(RecoveryEnvironment environment) {
    return List.of(new InstantServe(environment), new RestoreData(environment),
        new Promote(environment), new RebindMailboxes(), new RehomeClients(),
        new RestartServices(), new Verify(environment), new CleanUp(environment),
        new RestorePrimary(environment), new SwitchOver(environment), new ReverseDirectory(),
        new ResumeProtection(environment));
  }
}

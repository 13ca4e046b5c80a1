package io.nearline.recovery.steps;

import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import io.nearline.recovery.standby.StandbyHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the policy's restart commands on the standby (connection poolers, application services),
 * in order. Restarting twice is harmless, so a repeat simply runs them again.
 */
public final class RestartServices implements RecoveryStep {
  static final String KIND = "command";

  @Override
  public StepKind kind() {
    return StepKind.RESTART_SERVICES;
  }

  @Override
  public List<Change> plan(StepContext context) {
    Standby standby = context.target();
    List<Change> out = new ArrayList<>();
    for (String command : context.plan().policy().restartCommands()) {
      out.add(new Change(KIND, standby.name(), null, command));
    }
    return out;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    List<Change> commands = plan(context);
    if (commands.isEmpty()) {
      return StepOutcome.of("the policy restarts no services");
    }
    try (StandbyHost host = StandbyHost.connect(context.target())) {
      for (Change command : commands) {
        context.record(command);
        host.run(command.after(), Duration.ofMinutes(10));
      }
    }
    return StepOutcome.of("ran " + commands.size() + " restart commands on "
        + context.target().name());
  }

  @Override
  public void undo(StepContext context, List<Change> changes) {
    // A restart has nothing to put back; the standby's own rollback stops the application.
  }
}

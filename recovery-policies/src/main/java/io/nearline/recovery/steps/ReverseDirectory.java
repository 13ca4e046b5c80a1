package io.nearline.recovery.steps;

import io.nearline.directory.EntryChange;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.run.RecoveryStep;
import io.nearline.recovery.run.StepContext;
import io.nearline.recovery.run.StepOutcome;
import java.util.List;
import java.util.Map;

/**
 * Failback: puts back every directory entry the failover changed (service entries and mailbox
 * bindings), from the failover's journal, newest first, with the same compare-and-swap — an
 * entry someone changed since is named, not overwritten.
 */
public final class ReverseDirectory implements RecoveryStep {
  @Override
  public StepKind kind() {
    return StepKind.REVERSE_DIRECTORY;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    return failoverChanges(context).stream().map(LdapChanges::toJournal).toList();
  }

  private static List<EntryChange> failoverChanges(StepContext context)
      throws Exception {
    return LdapChanges.reversals(context.changesOf(context.plan().reverses()));
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    DirectoryPlan directory = context.plan().policy().directory();
    List<EntryChange> changes = failoverChanges(context);
    if (directory == null || changes.isEmpty()) {
      return StepOutcome.of("run " + context.plan().reverses() + " changed nothing in the "
          + "directory");
    }
    int applied = LdapChanges.applyAll(directory, changes, context::record);
    return new StepOutcome(applied + " directory entries put back as they were before run "
        + context.plan().reverses(), Map.of("entriesPutBack", String.valueOf(applied)));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    LdapChanges.reverse(context.plan().policy().directory(), changes);
  }
}

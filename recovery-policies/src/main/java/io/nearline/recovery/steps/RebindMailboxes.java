package io.nearline.recovery.steps;

import io.nearline.directory.Directory;
import io.nearline.directory.MailboxRebinder;
import io.nearline.directory.RebindReport;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.util.List;
import java.util.Map;

/**
 * Rebinds the users homed on the primary's mailbox store to the standby's. Each user's change
 * is journaled before it is made; those that could not be moved are listed, not hidden.
 */
public final class RebindMailboxes implements RecoveryStep {
  @Override
  public StepKind kind() {
    return StepKind.REBIND_DIRECTORY;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    DirectoryPlan plan = context.plan().policy().directory();
    if (!plan.movesMailboxes()) {
      return List.of();
    }
    try (Directory directory = LdapChanges.connect(plan)) {
      return directory.mailboxes(plan.usersBase()).plan(plan.fromStore(), plan.toStore())
          .moves().stream().map(LdapChanges::toJournal).toList();
    }
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    DirectoryPlan plan = context.plan().policy().directory();
    if (!plan.movesMailboxes()) {
      return StepOutcome.of("the policy moves no mailboxes");
    }
    try (Directory directory = LdapChanges.connect(plan)) {
      MailboxRebinder mailboxes = directory.mailboxes(plan.usersBase());
      RebindReport report = mailboxes.rebind(mailboxes.plan(plan.fromStore(), plan.toStore()),
          change -> context.record(LdapChanges.toJournal(change)));
      return new StepOutcome(report.summary() + (report.notMoved().isEmpty() ? ""
          : "; not moved: " + report.notMoved()), Map.of(
          "mailboxesMoved", String.valueOf(report.moved().size()),
          "mailboxesNotMoved", String.valueOf(report.notMoved().size())));
    }
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    LdapChanges.reverse(context.plan().policy().directory(), changes);
  }
}

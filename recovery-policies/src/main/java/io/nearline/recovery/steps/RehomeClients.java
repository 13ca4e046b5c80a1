package io.nearline.recovery.steps;

import io.nearline.directory.CompareAndSwap;
import io.nearline.directory.Directory;
import io.nearline.directory.EntryChange;
import io.nearline.directory.ServiceEntries;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.run.RecoveryStep;
import io.nearline.recovery.run.StepContext;
import io.nearline.recovery.run.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Points the policy's libpq service entries at the standby ({@code host}, {@code port}), so every
 * new {@code psql service=NAME} connection goes there.
 */
public final class RehomeClients implements RecoveryStep {
  @Override
  public StepKind kind() {
    return StepKind.REHOME_CLIENTS;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    try (Directory directory = LdapChanges.connect(context.plan().policy().directory())) {
      return changes(context, directory).stream().map(LdapChanges::toJournal).toList();
    }
  }

  private static List<EntryChange> changes(StepContext context, Directory directory)
      throws Exception {
    Standby target = context.target();
    return changes(directory, context.plan().policy().directory(), target.clientHost(),
        target.pgPort());
  }

  /** What points the plan's service entries at {@code host}:{@code port}. */
  public static List<EntryChange> changes(Directory directory, DirectoryPlan plan, String host,
      int port) throws Exception {
    ServiceEntries entries = directory.serviceEntries(plan.servicesBase());
    List<EntryChange> out = new ArrayList<>();
    for (String service : plan.services()) {
      EntryChange change = entries.plan(service, Map.of("host", host,
          "port", String.valueOf(port)));
      if (!change.changes().isEmpty()) {
        out.add(change);
      }
    }
    return out;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    List<String> moved = new ArrayList<>();
    try (Directory directory = LdapChanges.connect(context.plan().policy().directory())) {
      for (EntryChange change : changes(context, directory)) {
        context.record(LdapChanges.toJournal(change));
        CompareAndSwap.Outcome outcome = directory.apply(change);
        if (outcome == CompareAndSwap.Outcome.CONFLICT
            || outcome == CompareAndSwap.Outcome.MISSING) {
          throw new IllegalStateException("service entry " + change.dn() + " changed while it "
              + "was being re-homed; nothing overwritten. Look at it, then retry or skip");
        }
        moved.add(change.dn());
      }
    }
    return new StepOutcome(moved.size() + " service entries now point at "
        + context.target().clientHost() + ":" + context.target().pgPort(),
        Map.of("serviceEntriesMoved", String.valueOf(moved.size())));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    LdapChanges.reverse(context.plan().policy().directory(), changes);
  }
}

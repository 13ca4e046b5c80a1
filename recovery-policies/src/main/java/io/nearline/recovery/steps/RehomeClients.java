package io.nearline.recovery.steps;

import io.nearline.directory.CompareAndSwap;
import io.nearline.directory.Directory;
import io.nearline.directory.EntryChange;
import io.nearline.directory.ServiceEntries;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.DnsPlan;
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
 * new {@code psql service=NAME} connection goes there, and its DNS names at the standby's host.
 */
public final class RehomeClients implements RecoveryStep {
  @Override
  public StepKind kind() {
    return StepKind.REHOME_CLIENTS;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    List<Change> out = new ArrayList<>();
    DirectoryPlan plan = context.plan().policy().directory();
    if (plan != null && !plan.services().isEmpty()) {
      try (Directory directory = LdapChanges.connect(plan)) {
        changes(context, directory).forEach(c -> out.add(LdapChanges.toJournal(c)));
      }
    }
    DnsPlan dns = context.plan().policy().dns();
    if (dns != null) {
      DnsChanges.plan(dns, context.target().clientHost()).forEach(
          c -> out.add(DnsChanges.toJournal(c)));
    }
    return out;
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
    DirectoryPlan plan = context.plan().policy().directory();
    if (plan != null && !plan.services().isEmpty()) {
      try (Directory directory = LdapChanges.connect(plan)) {
        for (EntryChange change : changes(context, directory)) {
          context.record(LdapChanges.toJournal(change));
          CompareAndSwap.Outcome outcome = directory.apply(change);
          if (outcome == CompareAndSwap.Outcome.CONFLICT
              || outcome == CompareAndSwap.Outcome.MISSING) {
            throw new IllegalStateException("service entry " + change.dn() + " changed while "
                + "it was being re-homed; nothing overwritten. Look at it, then retry or skip");
          }
          moved.add(change.dn());
        }
      }
    }
    DnsPlan dns = context.plan().policy().dns();
    int names = dns == null ? 0 : DnsChanges.applyAll(dns,
        DnsChanges.plan(dns, context.target().clientHost()), context::record);
    return new StepOutcome(moved.size() + " service entries now point at "
        + context.target().clientHost() + ":" + context.target().pgPort()
        + (dns == null ? "" : "; " + names + " DNS names at " + context.target().clientHost()),
        Map.of("serviceEntriesMoved", String.valueOf(moved.size()),
            "dnsNamesMoved", String.valueOf(names)));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    LdapChanges.reverseRehoming(context.plan().policy(), changes);
  }
}

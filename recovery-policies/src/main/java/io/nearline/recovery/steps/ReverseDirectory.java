package io.nearline.recovery.steps;

import io.nearline.directory.EntryChange;
import io.nearline.directory.dns.DnsChange;
import io.nearline.recovery.StepKind;
import io.nearline.recovery.journal.Change;
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Failback: puts back every directory entry the failover changed (service entries and mailbox
 * bindings) and every DNS name it moved, from the failover's journal, newest first, with the
 * same compare-and-swap — an entry or name someone changed since is named, not overwritten.
 */
public final class ReverseDirectory implements RecoveryStep {
  @Override
  public StepKind kind() {
    return StepKind.REVERSE_DIRECTORY;
  }

  @Override
  public List<Change> plan(StepContext context) throws Exception {
    List<Change> failover = context.changesOf(context.plan().reverses());
    List<Change> out = new ArrayList<>();
    LdapChanges.reversals(failover).forEach(c -> out.add(LdapChanges.toJournal(c)));
    DnsChanges.reversals(failover).forEach(c -> out.add(DnsChanges.toJournal(c)));
    return out;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    List<Change> failover = context.changesOf(context.plan().reverses());
    List<EntryChange> entries = LdapChanges.reversals(failover);
    List<DnsChange> names = DnsChanges.reversals(failover);
    int applied = LdapChanges.applyAll(context.plan().policy().directory(), entries,
        context::record);
    int moved = DnsChanges.applyAll(context.plan().policy().dns(), names, context::record);
    return new StepOutcome(applied + " directory entries and " + moved + " DNS names put back"
        + " as they were before run " + context.plan().reverses(), Map.of(
        "entriesPutBack", String.valueOf(applied), "dnsNamesPutBack", String.valueOf(moved)));
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    LdapChanges.reverseRehoming(context.plan().policy(), changes);
  }
}

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
import io.nearline.recovery.spi.RecoveryStep;
import io.nearline.recovery.spi.StepContext;
import io.nearline.recovery.spi.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Points the policy's service entries at the standby (the keywords its application's clients
 * connect with: for libpq {@code host} and {@code port}), so every new client connection goes
 * there, and its DNS names at the standby's host.
 */
public final class RehomeClients implements RecoveryStep {
  private final Function<Standby, Map<String, String>> clientEndpoint;

  RehomeClients(Function<Standby, Map<String, String>> clientEndpoint) {
    this.clientEndpoint = clientEndpoint;
  }

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
        changes(directory, plan, clientEndpoint.apply(context.target()))
            .forEach(c -> out.add(LdapChanges.toJournal(c)));
      }
    }
    DnsPlan dns = context.plan().policy().dns();
    if (dns != null) {
      DnsChanges.plan(dns, context.target().clientHost()).forEach(
          c -> out.add(DnsChanges.toJournal(c)));
    }
    return out;
  }

  /** What points the plan's service entries at {@code endpoint} (keyword to value). */
  public static List<EntryChange> changes(Directory directory, DirectoryPlan plan,
      Map<String, String> endpoint) throws Exception {
    ServiceEntries entries = directory.serviceEntries(plan.servicesBase());
    List<EntryChange> out = new ArrayList<>();
    for (String service : plan.services()) {
      EntryChange change = entries.plan(service, endpoint);
      if (!change.changes().isEmpty()) {
        out.add(change);
      }
    }
    return out;
  }

  @Override
  public StepOutcome execute(StepContext context) throws Exception {
    List<String> moved = new ArrayList<>();
    Map<String, String> endpoint = clientEndpoint.apply(context.target());
    DirectoryPlan plan = context.plan().policy().directory();
    if (plan != null && !plan.services().isEmpty()) {
      try (Directory directory = LdapChanges.connect(plan)) {
        for (EntryChange change : changes(directory, plan, endpoint)) {
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
    return new StepOutcome(moved.size() + " service entries now point at " + describe(endpoint)
        + (dns == null ? "" : "; " + names + " DNS names at " + context.target().clientHost()),
        Map.of("serviceEntriesMoved", String.valueOf(moved.size()),
            "dnsNamesMoved", String.valueOf(names)));
  }

  /** {@code host:port} when the endpoint has both, as messages have always shown it. */
  private static String describe(Map<String, String> endpoint) {
    return endpoint.containsKey("port") ? endpoint.get("host") + ":" + endpoint.get("port")
        : String.join(" ", endpoint.values());
  }

  @Override
  public void undo(StepContext context, List<Change> changes) throws Exception {
    LdapChanges.reverseRehoming(context.plan().policy(), changes);
  }
}

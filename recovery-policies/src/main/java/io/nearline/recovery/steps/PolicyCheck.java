package io.nearline.recovery.steps;

import io.nearline.directory.Directory;
import io.nearline.directory.MailboxStore;
import io.nearline.directory.ServiceEntries;
import io.nearline.directory.dns.DnsZone;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.DnsPlan;
import io.nearline.recovery.RecoveryPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before a policy is saved, that what it names is there: the directory takes its
 * account, every service entry exists with a host, both mailbox stores exist, and the name
 * server accepts its key and holds every name. A failover then does not find out at 3 a.m.
 */
public final class PolicyCheck {
  private PolicyCheck() {
  }

  public static CheckReport check(RecoveryPolicy policy) {
    List<CheckReport.Item> items = new ArrayList<>();
    if (policy.directory() != null) {
      directory(policy.directory(), items);
    }
    if (policy.dns() != null) {
      dns(policy.dns(), items);
    }
    return new CheckReport("policy " + policy.name(), items);
  }

  private static void directory(DirectoryPlan plan, List<CheckReport.Item> items) {
    try (Directory directory = LdapChanges.connect(plan)) {
      items.add(new CheckReport.Item("directory", true, plan.url() + " as " + plan.bindDn()));
      ServiceEntries entries = plan.services().isEmpty() ? null
          : directory.serviceEntries(plan.servicesBase());
      for (String service : plan.services()) {
        try {
          String host = entries.read(service).keywords().get("host");
          items.add(new CheckReport.Item("service " + service, host != null,
              host != null ? "now host=" + host : "the entry has no host= keyword"));
        } catch (Exception e) {
          items.add(new CheckReport.Item("service " + service, false, e.getMessage()));
        }
      }
      if (plan.movesMailboxes()) {
        store(directory, "mailbox store (from)", plan.fromStore(), items);
        store(directory, "mailbox store (to)", plan.toStore(), items);
        storeNames(plan, items);
        emptyStandbyStore(directory, plan, items);
      }
    } catch (Exception e) {
      items.add(new CheckReport.Item("directory", false, e.getMessage()));
    }
  }

  private static void store(Directory directory, String check, MailboxStore store,
      List<CheckReport.Item> items) {
    try {
      boolean there = directory.exists(store.storeDn());
      items.add(new CheckReport.Item(check, there, store.storeDn()
          + (there ? "" : " does not exist")));
    } catch (Exception e) {
      items.add(new CheckReport.Item(check, false, e.getMessage()));
    }
  }

  /** Per-server stores (storage groups) restore into a store of the same names. */
  private static void storeNames(DirectoryPlan plan, List<CheckReport.Item> items) {
    var from = plan.fromStore().pathOnServer();
    var to = plan.toStore().pathOnServer();
    if (from.isEmpty() || to.isEmpty()) {
      items.add(new CheckReport.Item("store names", true, "databases named for the "
          + "organisation: no storage group or store names to match"));
      return;
    }
    boolean same = from.get().equalsIgnoreCase(to.get());
    items.add(new CheckReport.Item("store names", same, same ? "storage group and store "
        + from.get() + " on both servers" : "the primary's store is " + from.get()
            + " but the standby's is " + to.get() + ": a restore needs the same storage group "
            + "and store names on the standby"));
  }

  /** A restore replaces the standby store's database: only system mailboxes may live there. */
  private static void emptyStandbyStore(Directory directory, DirectoryPlan plan,
      List<CheckReport.Item> items) {
    try {
      List<String> users = directory.mailboxes(plan.usersBase())
          .userMailboxesOn(plan.toStore());
      items.add(new CheckReport.Item("standby store empty", users.isEmpty(), users.isEmpty()
          ? "holds no user mailbox (system mailboxes are left alone)"
          : "holds " + users.size() + " user mailbox" + (users.size() == 1 ? "" : "es")
              + " (" + String.join("; ", users.subList(0, Math.min(3, users.size())))
              + "): a restore over its database would lose them; move them first"));
    } catch (Exception e) {
      items.add(new CheckReport.Item("standby store empty", false, e.getMessage()));
    }
  }

  private static void dns(DnsPlan plan, List<CheckReport.Item> items) {
    try {
      DnsZone zone = DnsChanges.connect(plan);
      for (String name : plan.names()) {
        List<String> records = zone.read(name);
        items.add(new CheckReport.Item("dns " + name, !records.isEmpty(), records.isEmpty()
            ? "no A, AAAA or CNAME record in " + plan.zone() : String.join(", ", records)));
      }
    } catch (Exception e) {
      items.add(new CheckReport.Item("dns", false, e.getMessage()));
    }
  }
}

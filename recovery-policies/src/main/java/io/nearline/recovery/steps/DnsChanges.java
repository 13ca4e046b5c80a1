package io.nearline.recovery.steps;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nearline.common.json.Json;
import io.nearline.directory.CompareAndSwap.Outcome;
import io.nearline.directory.DirectoryException;
import io.nearline.directory.dns.DnsChange;
import io.nearline.directory.dns.DnsSettings;
import io.nearline.directory.dns.DnsZone;
import io.nearline.recovery.DnsPlan;
import io.nearline.recovery.journal.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** DNS record changes as journal entries (the records before and after), and back. */
public final class DnsChanges {
  public static final String KIND = "dns-record";

  private DnsChanges() {
  }

  public static DnsZone connect(DnsPlan plan) throws DirectoryException, IOException {
    String secret = Files.readString(Path.of(plan.keyFile())).strip();
    return DnsZone.connect(new DnsSettings(plan.server(), plan.port(), plan.zone(),
        plan.keyName(), plan.keyAlgorithm(), secret));
  }

  /** What points every name of the plan at {@code host}; names already there are left out. */
  public static List<DnsChange> plan(DnsPlan plan, String host) throws Exception {
    List<DnsChange> out = new ArrayList<>();
    DnsZone zone = connect(plan);
    for (String name : plan.names()) {
      DnsChange change = zone.plan(name, host, plan.ttl());
      if (!change.changesNothing()) {
        out.add(change);
      }
    }
    return out;
  }

  public static Change toJournal(DnsChange change) {
    return new Change(KIND, change.name(), Json.write(change.before()),
        Json.write(change.after()));
  }

  /** What puts the journaled record changes back as they were, newest first. */
  public static List<DnsChange> reversals(List<Change> changes) {
    List<DnsChange> out = new ArrayList<>();
    for (int i = changes.size() - 1; i >= 0; i--) {
      Change c = changes.get(i);
      if (KIND.equals(c.kind())) {
        out.add(new DnsChange(c.target(), list(c.after()), list(c.before())));
      }
    }
    return out;
  }

  public static int reverse(DnsPlan plan, List<Change> changes) throws Exception {
    return applyAll(plan, reversals(changes), change -> { });
  }

  /**
   * Applies each change, journaling it first. A name changed by someone else since is left
   * alone and named in the error, after all the others are applied.
   */
  public static int applyAll(DnsPlan plan, List<DnsChange> changes,
      LdapChanges.Recorder recorder) throws Exception {
    if (changes.isEmpty()) {
      return 0;
    }
    List<String> leftAlone = new ArrayList<>();
    int applied = 0;
    DnsZone zone = connect(plan);
    for (DnsChange change : changes) {
      recorder.record(toJournal(change));
      if (zone.apply(change) == Outcome.CONFLICT) {
        leftAlone.add(change.name());
      } else {
        applied++;
      }
    }
    if (!leftAlone.isEmpty()) {
      throw new IllegalStateException(applied + " DNS names moved; " + leftAlone.size()
          + " changed by someone else meanwhile and left as they are: " + leftAlone);
    }
    return applied;
  }

  private static List<String> list(String json) {
    try {
      return Json.MAPPER.readValue(json, new TypeReference<List<String>>() { });
    } catch (IOException e) {
      throw new IllegalStateException("unreadable journaled DNS change: " + json, e);
    }
  }
}

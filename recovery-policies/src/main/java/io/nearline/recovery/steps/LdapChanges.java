package io.nearline.recovery.steps;

import com.fasterxml.jackson.core.type.TypeReference;
import io.nearline.common.json.Json;
import io.nearline.directory.AttributeChange;
import io.nearline.directory.CompareAndSwap;
import io.nearline.directory.Directory;
import io.nearline.directory.DirectoryException;
import io.nearline.directory.DirectorySettings;
import io.nearline.directory.EntryChange;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.journal.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Directory changes as journal entries (attribute → values, before and after), and back. */
public final class LdapChanges {
  public static final String KIND = "ldap-entry";

  private LdapChanges() {
  }

  public static Directory connect(DirectoryPlan plan) throws DirectoryException, IOException {
    String password = Files.readString(Path.of(plan.passwordFile())).strip();
    return Directory.connect(new DirectorySettings(plan.url(), plan.bindDn(), password));
  }

  public static Change toJournal(EntryChange change) {
    Map<String, List<String>> before = new LinkedHashMap<>();
    Map<String, List<String>> after = new LinkedHashMap<>();
    for (AttributeChange c : change.changes()) {
      before.put(c.attribute(), c.before());
      after.put(c.attribute(), c.after());
    }
    return new Change(KIND, change.dn(), Json.write(before), Json.write(after));
  }

  public static EntryChange fromJournal(Change change) {
    try {
      TypeReference<LinkedHashMap<String, List<String>>> type = new TypeReference<>() { };
      Map<String, List<String>> before = Json.MAPPER.readValue(change.before(), type);
      Map<String, List<String>> after = Json.MAPPER.readValue(change.after(), type);
      List<AttributeChange> changes = new ArrayList<>();
      before.forEach((attribute, values) -> changes.add(
          new AttributeChange(attribute, values, after.get(attribute))));
      return new EntryChange(change.target(), changes);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable journaled change of " + change.target(), e);
    }
  }

  /** Journals a change durably before it is made. */
  @FunctionalInterface
  public interface Recorder {
    void record(Change change) throws Exception;
  }

  /** What puts the journaled entry changes back as they were, newest first. */
  public static List<EntryChange> reversals(List<Change> changes) {
    List<EntryChange> out = new ArrayList<>();
    for (int i = changes.size() - 1; i >= 0; i--) {
      if (KIND.equals(changes.get(i).kind())) {
        out.add(fromJournal(changes.get(i)).reversed());
      }
    }
    return out;
  }

  /** Puts every journaled entry back as it was; see {@link #applyAll}. */
  public static int reverse(DirectoryPlan plan, List<Change> changes) throws Exception {
    return applyAll(plan, reversals(changes), change -> { });
  }

  /** Puts back every journaled entry and DNS name the policy's re-homing changed. */
  public static void reverseRehoming(RecoveryPolicy policy, List<Change> changes)
      throws Exception {
    DnsChanges.reverse(policy.dns(), changes);
    reverse(policy.directory(), changes);
  }

  /**
   * Applies each change, journaling it first. An entry changed by someone else since is left
   * alone and named in the error, after all the others are applied; a repeat finds those
   * already applied and leaves them.
   */
  public static int applyAll(DirectoryPlan plan, List<EntryChange> changes, Recorder recorder)
      throws Exception {
    if (changes.isEmpty()) {
      return 0;
    }
    List<String> leftAlone = new ArrayList<>();
    int applied = 0;
    try (Directory directory = connect(plan)) {
      for (EntryChange change : changes) {
        recorder.record(toJournal(change));
        CompareAndSwap.Outcome outcome = directory.apply(change);
        if (outcome == CompareAndSwap.Outcome.CONFLICT
            || outcome == CompareAndSwap.Outcome.MISSING) {
          leftAlone.add(change.dn() + " (" + outcome.name().toLowerCase() + ")");
        } else {
          applied++;
        }
      }
    }
    if (!leftAlone.isEmpty()) {
      throw new IllegalStateException(applied + " entries put back; " + leftAlone.size()
          + " changed by someone else since and left as they are: " + leftAlone);
    }
    return applied;
  }
}

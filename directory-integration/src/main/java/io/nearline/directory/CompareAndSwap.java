package io.nearline.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies an {@link EntryChange} in one modify that deletes each old value and adds each new one.
 * The server refuses the whole modify if an old value is gone, so a concurrent change is never
 * overwritten; this works on AD and OpenLDAP alike, with no control needed.
 */
public final class CompareAndSwap {
  /** What happened to one entry. */
  public enum Outcome {
    /** The change was made. */
    APPLIED,
    /** The entry already held the new values: a repeat of a finished change. */
    ALREADY,
    /** The entry holds neither the old nor the new values: someone else changed it. */
    CONFLICT,
    /** The entry is gone. */
    MISSING
  }

  private CompareAndSwap() {
  }

  static Outcome apply(Directory directory, EntryChange change) throws DirectoryException {
    List<Modification> mods = new ArrayList<>();
    for (AttributeChange c : change.changes()) {
      List<String> gone = minus(c.before(), c.after());
      List<String> come = minus(c.after(), c.before());
      if (!gone.isEmpty()) {
        mods.add(new Modification(ModificationType.DELETE, c.attribute(),
            gone.toArray(String[]::new)));
      }
      if (!come.isEmpty()) {
        mods.add(new Modification(ModificationType.ADD, c.attribute(),
            come.toArray(String[]::new)));
      }
    }
    if (mods.isEmpty()) {
      return Outcome.ALREADY;
    }
    try {
      directory.ldap().modify(change.dn(), mods);
      return Outcome.APPLIED;
    } catch (LDAPException e) {
      ResultCode code = e.getResultCode();
      if (code == ResultCode.NO_SUCH_OBJECT) {
        return Outcome.MISSING;
      }
      if (code == ResultCode.NO_SUCH_ATTRIBUTE || code == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS
          || code == ResultCode.ASSERTION_FAILED) {
        return holdsAfter(directory, change) ? Outcome.ALREADY : Outcome.CONFLICT;
      }
      throw new DirectoryException("cannot modify " + change.dn() + ": "
          + Directory.explain(directory.settings(), e), e);
    }
  }

  /** True when every attribute of the entry already holds exactly the new values. */
  private static boolean holdsAfter(Directory directory, EntryChange change)
      throws DirectoryException {
    String[] attributes = change.changes().stream().map(AttributeChange::attribute)
        .toArray(String[]::new);
    try {
      Entry entry = directory.ldap().getEntry(change.dn(), attributes);
      if (entry == null) {
        return false;
      }
      for (AttributeChange c : change.changes()) {
        String[] now = entry.getAttributeValues(c.attribute());
        if (!sameValues(now == null ? List.of() : List.of(now), c.after())) {
          return false;
        }
      }
      return true;
    } catch (LDAPException e) {
      throw new DirectoryException("cannot read " + change.dn() + ": " + e.getMessage(), e);
    }
  }

  static boolean sameValues(List<String> a, List<String> b) {
    return a.size() == b.size() && minus(a, b).isEmpty();
  }

  /** Values of {@code a} not in {@code b}, compared as the directory would. */
  static List<String> minus(List<String> a, List<String> b) {
    return a.stream().filter(x -> b.stream().noneMatch(y -> same(x, y))).toList();
  }

  /** DNs compare as DNs (servers rewrite their case and spacing); other values ignoring case. */
  public static boolean same(String x, String y) {
    if (x.equalsIgnoreCase(y)) {
      return true;
    }
    if (DN.isValidDN(x) && DN.isValidDN(y) && x.contains("=") && y.contains("=")) {
      try {
        return new DN(x).equals(new DN(y));
      } catch (LDAPException e) {
        return false;
      }
    }
    return false;
  }
}

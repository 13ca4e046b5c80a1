package io.nearline.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rebinds the users homed on one Exchange mailbox store to another: {@code homeMDB},
 * {@code homeMTA} and {@code msExchHomeServerName}, swapped per user in one compare-and-swap
 * modify. {@code msExchMailboxGuid}, {@code legacyExchangeDN} and {@code mailNickname} stay as
 * they are, and system mailboxes are left on their server.
 */
public final class MailboxRebinder {
  static final String HOME_MDB = "homeMDB";
  static final String HOME_MTA = "homeMTA";
  static final String HOME_SERVER = "msExchHomeServerName";
  private static final String TYPE = "msExchRecipientTypeDetails";

  private final Directory directory;
  private final String usersBaseDn;

  MailboxRebinder(Directory directory, String usersBaseDn) {
    this.directory = directory;
    this.usersBaseDn = usersBaseDn;
  }

  /** What rebinding would do: one change per user mailbox on {@code from}, and what is skipped. */
  public record Plan(List<EntryChange> moves, List<String> systemMailboxes) {
  }

  public Plan plan(MailboxStore from, MailboxStore to) throws DirectoryException {
    List<EntryChange> moves = new ArrayList<>();
    List<String> system = new ArrayList<>();
    for (SearchResultEntry user : homedOn(from)) {
      if (SystemMailboxes.isSystem(user.getAttributeValue("cn"),
          user.getAttributeValueAsLong(TYPE))) {
        system.add(user.getDN());
        continue;
      }
      moves.add(new EntryChange(user.getDN(), List.of(
          swap(user, HOME_MDB, to.storeDn()),
          swap(user, HOME_MTA, to.mtaDn()),
          swap(user, HOME_SERVER, to.serverLegacyDn()))));
    }
    return new Plan(moves, system);
  }

  /**
   * The user mailboxes homed on {@code store}, system mailboxes left out: what a restore over
   * the store's database would lose, so a standby's store must have none.
   */
  public List<String> userMailboxesOn(MailboxStore store) throws DirectoryException {
    List<String> users = new ArrayList<>();
    for (SearchResultEntry user : homedOn(store)) {
      if (!SystemMailboxes.isSystem(user.getAttributeValue("cn"),
          user.getAttributeValueAsLong(TYPE))) {
        users.add(user.getDN());
      }
    }
    return users;
  }

  /**
   * Applies a plan user by user. Each change is handed to {@code journal} just before it is
   * made, so a crash halfway never leaves a moved user unrecorded (reversing a recorded change
   * that was not made is harmless: its old values are still there).
   */
  public RebindReport rebind(Plan plan, Consumer<EntryChange> journal) throws DirectoryException {
    List<EntryChange> moved = new ArrayList<>();
    List<String> already = new ArrayList<>();
    List<RebindReport.NotMoved> notMoved = new ArrayList<>();
    for (EntryChange move : plan.moves()) {
      journal.accept(move);
      switch (directory.apply(move)) {
        case APPLIED -> moved.add(move);
        case ALREADY -> already.add(move.dn());
        case CONFLICT -> notMoved.add(new RebindReport.NotMoved(move.dn(),
            "changed by someone else since it was read; left as it is"));
        case MISSING -> notMoved.add(new RebindReport.NotMoved(move.dn(), "entry is gone"));
        default -> throw new IllegalStateException();
      }
    }
    return new RebindReport(moved, already, plan.systemMailboxes(), notMoved);
  }

  private List<SearchResultEntry> homedOn(MailboxStore store) throws DirectoryException {
    try {
      SearchResult r = directory.ldap().search(usersBaseDn, SearchScope.SUB,
          Filter.createEqualityFilter(HOME_MDB, store.storeDn()),
          "cn", HOME_MDB, HOME_MTA, HOME_SERVER, TYPE);
      return r.getSearchEntries();
    } catch (LDAPException e) {
      throw new DirectoryException("cannot list the mailboxes on " + store.storeDn() + ": "
          + Directory.explain(directory.settings(), e), e);
    }
  }

  private static AttributeChange swap(SearchResultEntry user, String attribute, String value) {
    String[] now = user.getAttributeValues(attribute);
    return new AttributeChange(attribute, now == null ? List.of() : List.of(now),
        List.of(value));
  }
}

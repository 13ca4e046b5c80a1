package io.nearline.recovery;

import io.nearline.directory.MailboxStore;
import java.util.List;

/**
 * What a policy changes in the directory.
 *
 * @param url {@code ldap://host:port}
 * @param bindDn the account that may modify the entries
 * @param passwordFile a file on the near-line host holding its password (kept out of policies)
 * @param servicesBase where the libpq service entries live
 * @param services the service entries re-homed to the standby ({@code cn} values)
 * @param usersBase where mailbox users live; empty when no mailboxes move
 * @param fromStore the primary's mailbox store
 * @param toStore the standby's mailbox store
 */
public record DirectoryPlan(String url, String bindDn, String passwordFile, String servicesBase,
    List<String> services, String usersBase, MailboxStore fromStore, MailboxStore toStore) {

  public DirectoryPlan {
    services = services == null ? List.of() : List.copyOf(services);
  }

  public boolean movesMailboxes() {
    return usersBase != null && !usersBase.isBlank() && fromStore != null && toStore != null;
  }

  void validate() throws InvalidPolicyException {
    Fields.required("directory url", url);
    Fields.required("directory bindDn", bindDn);
    Fields.absolutePath("directory passwordFile", passwordFile);
    if (!services.isEmpty()) {
      Fields.required("directory servicesBase", servicesBase);
    }
    boolean anyMailbox = usersBase != null || fromStore != null || toStore != null;
    if (anyMailbox && !movesMailboxes()) {
      throw new InvalidPolicyException(
          "directory: usersBase, fromStore and toStore go together to move mailboxes");
    }
  }
}

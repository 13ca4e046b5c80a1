package io.nearline.recovery;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.nearline.common.config.Check;
import io.nearline.common.config.CrossChecked;
import io.nearline.common.config.Describe;
import io.nearline.common.config.Problems;
import io.nearline.directory.MailboxStore;
import java.util.List;

/** What a policy changes in the directory. */
public record DirectoryPlan(
    @Describe("The directory, ldap://host:port") @Check.Required String url,
    @Describe("The account that may modify the entries") @Check.Required String bindDn,
    @Describe("A file on the near-line host holding its password (kept out of policies)")
    @Check.Required @Check.AbsolutePath String passwordFile,
    @Describe("Where the libpq service entries live") String servicesBase,
    @Describe("The service entries re-homed to the standby (their cn values)")
    List<String> services,
    @Describe("Where mailbox users live; empty when no mailboxes move") String usersBase,
    @Describe("The primary's mailbox store") MailboxStore fromStore,
    @Describe("The standby's mailbox store") MailboxStore toStore) implements CrossChecked {

  public DirectoryPlan {
    services = services == null ? List.of() : List.copyOf(services);
  }

  @JsonIgnore
  public boolean movesMailboxes() {
    return usersBase != null && !usersBase.isBlank() && fromStore != null && toStore != null;
  }

  @Override
  public void check(Problems problems) {
    if (!services.isEmpty() && (servicesBase == null || servicesBase.isBlank())) {
      problems.add("servicesBase", "is required to re-home service entries");
    }
    boolean anyMailbox = usersBase != null || fromStore != null || toStore != null;
    if (anyMailbox && !movesMailboxes()) {
      problems.add("usersBase", "goes with fromStore and toStore: all three move mailboxes");
    }
  }
}

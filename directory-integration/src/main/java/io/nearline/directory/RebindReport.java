package io.nearline.directory;

import java.util.List;

/**
 * The result of rebinding the mailboxes of one store.
 *
 * @param moved the entries now bound to the new store (each change as applied)
 * @param alreadyMoved users found already bound there by an earlier attempt
 * @param systemMailboxes left alone on purpose
 * @param notMoved users that could not be moved, each with the reason
 */
public record RebindReport(List<EntryChange> moved, List<String> alreadyMoved,
    List<String> systemMailboxes, List<NotMoved> notMoved) {

  public record NotMoved(String dn, String reason) {
  }

  public String summary() {
    return moved.size() + " mailboxes moved, " + alreadyMoved.size() + " already moved, "
        + systemMailboxes.size() + " system mailboxes left alone, " + notMoved.size()
        + " could not be moved";
  }
}

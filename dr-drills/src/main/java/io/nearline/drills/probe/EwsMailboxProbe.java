package io.nearline.drills.probe;

import io.nearline.directory.mail.EwsMailboxes;
import io.nearline.directory.mail.Mailboxes;
import io.nearline.recovery.drill.ProbeSpec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A user's mailbox opened over Exchange Web Services, as Outlook would: the inbox must open
 * and, if {@code minItems} is given, hold at least that many items. {@code ews} names the
 * endpoint ({@code url}), the {@code mailbox} (SMTP address), the {@code user} and a
 * {@code passwordFile} on the near-line.
 */
public final class EwsMailboxProbe implements Probe {
  @Override
  public String kind() {
    return "ews-mailbox";
  }

  @Override
  public ProbeResult run(ProbeSpec spec, ProbeRun run) throws Exception {
    Map<String, String> ews = spec.ews();
    String password = ews.containsKey("passwordFile")
        ? Files.readString(Path.of(ews.get("passwordFile"))).strip() : "";
    Mailboxes mailboxes = new EwsMailboxes(URI.create(ews.get("url")), ews.getOrDefault("user",
        ""), password, run.timeout());
    try {
      Mailboxes.Inbox inbox = mailboxes.inbox(ews.get("mailbox"));
      String evidence = "EWS " + ews.get("url") + ": inbox of " + inbox.mailbox() + " ("
          + inbox.displayName() + ") holds " + inbox.totalCount() + " items, "
          + inbox.unreadCount() + " unread";
      int least = Integer.parseInt(ews.getOrDefault("minItems", "0"));
      return inbox.totalCount() >= least
          ? ProbeResult.passed("the inbox of " + inbox.mailbox() + " opens", evidence)
          : ProbeResult.failed("the inbox of " + inbox.mailbox() + " holds "
              + inbox.totalCount() + " items, fewer than " + least, evidence);
    } catch (Mailboxes.MailboxException e) {
      return ProbeResult.failed(e.getMessage(), e.getMessage());
    }
  }
}

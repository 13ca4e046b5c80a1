package io.nearline.directory.mail;

import java.net.URI;
import java.time.Duration;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.misc.ExchangeVersion;
import microsoft.exchange.webservices.data.core.enumeration.property.WellKnownFolderName;
import microsoft.exchange.webservices.data.core.service.folder.Folder;
import microsoft.exchange.webservices.data.credential.WebCredentials;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.property.complex.Mailbox;

/** Mailboxes over Exchange Web Services (Exchange 2010 SP2 and later), with Basic or NTLM. */
public final class EwsMailboxes implements Mailboxes {
  private final URI url;
  private final String user;
  private final String password;
  private final Duration timeout;

  public EwsMailboxes(URI url, String user, String password, Duration timeout) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.timeout = timeout;
  }

  @Override
  public Inbox inbox(String smtpAddress) throws MailboxException {
    try (ExchangeService service = new ExchangeService(ExchangeVersion.Exchange2010_SP2)) {
      service.setUrl(url);
      service.setCredentials(new WebCredentials(user, password));
      service.setTimeout((int) timeout.toMillis());
      Folder inbox = Folder.bind(service, new FolderId(WellKnownFolderName.Inbox,
          new Mailbox(smtpAddress)));
      return new Inbox(smtpAddress, inbox.getDisplayName(), inbox.getTotalCount(),
          inbox.getUnreadCount());
    } catch (Exception e) {
      // The library throws Exception itself; its message is the server's answer.
      throw new MailboxException("cannot open the inbox of " + smtpAddress + " at " + url
          + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
    }
  }
}

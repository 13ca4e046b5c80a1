package io.nearline.directory.mail;

/** A mailbox server that can open a user's mailbox. */
public interface Mailboxes {

  /** The inbox of the mailbox at {@code smtpAddress}, opened as a client would. */
  Inbox inbox(String smtpAddress) throws MailboxException;

  /** What an opened inbox holds. */
  record Inbox(String mailbox, String displayName, int totalCount, int unreadCount) {
  }

  /** The mailbox could not be opened; the message says why, in the server's words too. */
  final class MailboxException extends Exception {
    public MailboxException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

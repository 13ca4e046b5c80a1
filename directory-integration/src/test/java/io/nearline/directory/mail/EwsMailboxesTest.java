package io.nearline.directory.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.testkit.RecordedEws;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The EWS client against recorded Exchange answers served on loopback. */
class EwsMailboxesTest {
  @Test
  void shouldOpenAnInboxAndSayWhyOneCannotBeOpened() throws Exception {
    try (RecordedEws ews = RecordedEws.start(Set.of("user1@example.com"))) {
      Mailboxes mailboxes = new EwsMailboxes(URI.create(ews.url()), "EXAMPLE\\nearline",
          "ews-Pass", Duration.ofSeconds(10));

      Mailboxes.Inbox inbox = mailboxes.inbox("user1@example.com");
      assertEquals(new Mailboxes.Inbox("user1@example.com", "Inbox", 12, 3), inbox);
      assertTrue(ews.requests().get(ews.requests().size() - 1).contains("GetFolder"));

      Mailboxes.MailboxException missing = assertThrows(Mailboxes.MailboxException.class,
          () -> mailboxes.inbox("nobody@example.com"));
      assertTrue(missing.getMessage().contains("nobody@example.com")
          && missing.getMessage().contains("has no mailbox associated with it"),
          missing.getMessage());
    }
  }
}

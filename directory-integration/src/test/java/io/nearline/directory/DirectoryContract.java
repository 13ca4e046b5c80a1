package io.nearline.directory;

import static io.nearline.testkit.SampleDirectory.legacyDn;
import static io.nearline.testkit.SampleDirectory.mtaDn;
import static io.nearline.testkit.SampleDirectory.storeDn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import io.nearline.testkit.SampleDirectory;
import io.nearline.testkit.TestDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The directory behaviour recovery relies on, run against each real LDAP server. */
abstract class DirectoryContract {
  static final String PRIMARY = "MBX-PRIMARY";
  static final String STANDBY = "MBX-DR";
  static final MailboxStore FROM = new MailboxStore(storeDn(PRIMARY, "Mailbox Database"),
      mtaDn(PRIMARY), legacyDn(PRIMARY));
  static final MailboxStore TO = new MailboxStore(storeDn(STANDBY, "Mailbox Database"),
      mtaDn(STANDBY), legacyDn(STANDBY));

  TestDirectory server;
  Directory directory;

  abstract TestDirectory startServer() throws Exception;

  @BeforeEach
  void start() throws Exception {
    server = startServer();
    StringBuilder ldif = new StringBuilder(SampleDirectory.skeleton(PRIMARY, STANDBY));
    ldif.append(SampleDirectory.service("payroll", "pg-primary.example.com", 5432, "payroll"));
    for (int i = 0; i < 20; i++) {
      ldif.append(SampleDirectory.mailbox("User " + i, PRIMARY, null));
    }
    ldif.append(SampleDirectory.mailbox("Remote User", STANDBY, null));
    ldif.append(SampleDirectory.mailbox("SystemMailbox{1f05a927}", PRIMARY, null));
    ldif.append(SampleDirectory.mailbox("Discovery", PRIMARY, 536870912L));
    server.load(ldif.toString());
    directory = Directory.connect(admin(TestDirectory.ADMIN_PASSWORD));
  }

  @AfterEach
  void stop() {
    if (directory != null) {
      directory.close();
    }
    server.close();
  }

  DirectorySettings admin(String password) {
    return new DirectorySettings(server.url(), TestDirectory.ADMIN_DN, password);
  }

  @Test
  void shouldRehomeServiceEntryAndKeepItsOtherKeywords() throws Exception {
    ServiceEntries services = directory.serviceEntries(SampleDirectory.SERVICES);
    directory.ldap().modify("cn=payroll," + SampleDirectory.SERVICES,
        new Modification(ModificationType.ADD, "description", "sslmode=prefer"));

    EntryChange change = services.plan("payroll", Map.of("host", "dr-db.example.com",
        "port", "6543"));
    assertEquals(CompareAndSwap.Outcome.APPLIED, directory.apply(change));

    Map<String, String> now = services.read("payroll").keywords();
    assertEquals(Map.of("host", "dr-db.example.com", "port", "6543", "dbname", "payroll",
        "sslmode", "prefer"), now);
    assertEquals(CompareAndSwap.Outcome.ALREADY, directory.apply(change),
        "applying a finished change again is harmless");
    assertTrue(services.plan("payroll", Map.of("host", "dr-db.example.com")).changes().isEmpty());
  }

  @Test
  void shouldNeverOverwriteAServiceEntryChangedSinceItWasRead() throws Exception {
    ServiceEntries services = directory.serviceEntries(SampleDirectory.SERVICES);
    EntryChange change = services.plan("payroll", Map.of("host", "dr-db.example.com"));
    directory.ldap().modify("cn=payroll," + SampleDirectory.SERVICES,
        new Modification(ModificationType.REPLACE, "description", "host=someone-else",
            "port=5432", "dbname=payroll"));

    assertEquals(CompareAndSwap.Outcome.CONFLICT, directory.apply(change));
    assertEquals("someone-else", services.read("payroll").keywords().get("host"));
  }

  @Test
  void shouldRebindUserMailboxesAndLeaveSystemMailboxesAlone() throws Exception {
    MailboxRebinder mailboxes = directory.mailboxes(SampleDirectory.USERS);
    MailboxRebinder.Plan plan = mailboxes.plan(FROM, TO);
    assertEquals(20, plan.moves().size());
    assertEquals(2, plan.systemMailboxes().size());

    List<EntryChange> journal = new ArrayList<>();
    RebindReport report = mailboxes.rebind(plan, journal::add);

    assertEquals(20, report.moved().size(), report.summary());
    assertEquals(report.moved(), journal);
    assertTrue(report.notMoved().isEmpty());
    Entry user = directory.ldap().getEntry("cn=User 7," + SampleDirectory.USERS);
    assertEquals(new DN(TO.storeDn()), new DN(user.getAttributeValue("homeMDB")));
    assertEquals(new DN(TO.mtaDn()), new DN(user.getAttributeValue("homeMTA")));
    assertEquals(TO.serverLegacyDn(), user.getAttributeValue("msExchHomeServerName"));
    assertEquals("/o=Example/cn=User 7", user.getAttributeValue("legacyExchangeDN"));
    Entry system = directory.ldap().getEntry("cn=Discovery," + SampleDirectory.USERS);
    assertEquals(new DN(FROM.storeDn()), new DN(system.getAttributeValue("homeMDB")));
    assertTrue(mailboxes.plan(FROM, TO).moves().isEmpty(), "nobody left on the old store");
  }

  @Test
  void shouldListAMailboxChangedConcurrentlyAsNotMoved() throws Exception {
    MailboxRebinder mailboxes = directory.mailboxes(SampleDirectory.USERS);
    MailboxRebinder.Plan plan = mailboxes.plan(FROM, TO);
    directory.ldap().modify("cn=User 3," + SampleDirectory.USERS, new Modification(
        ModificationType.REPLACE, "homeMTA", "cn=Another MTA," + TestDirectory.BASE_DN));

    RebindReport report = mailboxes.rebind(plan, change -> { });

    assertEquals(19, report.moved().size());
    assertEquals(1, report.notMoved().size());
    assertEquals(new DN("cn=User 3," + SampleDirectory.USERS),
        new DN(report.notMoved().get(0).dn()));
    Entry user = directory.ldap().getEntry("cn=User 3," + SampleDirectory.USERS);
    assertEquals(new DN(FROM.storeDn()), new DN(user.getAttributeValue("homeMDB")),
        "the whole modify was refused, not half applied");
  }

  @Test
  void shouldReverseEveryChangeExactly() throws Exception {
    MailboxRebinder mailboxes = directory.mailboxes(SampleDirectory.USERS);
    List<Entry> before = directory.ldap().search(SampleDirectory.USERS,
        com.unboundid.ldap.sdk.SearchScope.ONE, "(objectClass=*)").getSearchEntries()
        .stream().map(Entry.class::cast).toList();
    List<EntryChange> journal = new ArrayList<>();
    mailboxes.rebind(mailboxes.plan(FROM, TO), journal::add);

    for (EntryChange change : journal) {
      assertEquals(CompareAndSwap.Outcome.APPLIED, directory.apply(change.reversed()));
    }

    for (Entry was : before) {
      Entry now = directory.ldap().getEntry(was.getDN());
      for (String attribute : List.of("homeMDB", "homeMTA", "msExchHomeServerName")) {
        assertTrue(CompareAndSwap.same(was.getAttributeValue(attribute),
            now.getAttributeValue(attribute)), was.getDN() + " " + attribute);
      }
    }
  }

  @Test
  void shouldSayWhenTheCredentialsAreWrong() {
    DirectoryException e = assertThrows(DirectoryException.class,
        () -> Directory.connect(admin("wrong")));
    assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
  }

  @Test
  void shouldSayWhenTheDirectoryIsUnreachable() {
    DirectoryException e = assertThrows(DirectoryException.class, () -> Directory.connect(
        new DirectorySettings("ldap://127.0.0.1:1", TestDirectory.ADMIN_DN, "x")));
    assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
  }
}

package io.nearline.recovery.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.directory.MailboxStore;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.DnsPlan;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.StepKind;
import io.nearline.testkit.InMemoryDirectory;
import io.nearline.testkit.NameServer;
import io.nearline.testkit.SampleDirectory;
import io.nearline.testkit.TestDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a policy names, checked against a real directory and a real name server. */
class PolicyCheckIT {
  @TempDir Path dir;
  InMemoryDirectory directory;
  NameServer named;

  @BeforeEach
  void start() throws Exception {
    directory = InMemoryDirectory.start();
    directory.load(SampleDirectory.skeleton("MBX-HQ", "MBX-DR")
        + SampleDirectory.service("db1", "10.0.0.1", 5432, "postgres"));
    Files.writeString(dir.resolve("ldap.password"), TestDirectory.ADMIN_PASSWORD);
    named = NameServer.start(dir.resolve("named"));
  }

  @AfterEach
  void stop() {
    named.close();
    directory.close();
  }

  private RecoveryPolicy policy(String toServer, String service, String dnsSecretFile) {
    return new RecoveryPolicy("db1-failover", List.of("db1-dr"), RecoveryPoint.LATEST,
        List.of(StepKind.REHOME_CLIENTS), new DirectoryPlan(directory.url(), TestDirectory.ADMIN_DN,
        dir.resolve("ldap.password").toString(), SampleDirectory.SERVICES, List.of(service),
        SampleDirectory.USERS, store("MBX-HQ"), store(toServer)),
        new DnsPlan("127.0.0.1", named.port(), NameServer.ZONE, NameServer.KEY_NAME,
            NameServer.KEY_ALGORITHM, dnsSecretFile, List.of("db1"), 30),
        List.of(), false, null, null, null);
  }

  private static MailboxStore store(String server) {
    return new MailboxStore(SampleDirectory.storeDn(server, "Mailbox Database"),
        SampleDirectory.mtaDn(server), SampleDirectory.legacyDn(server));
  }

  private static Map<String, Boolean> results(CheckReport report) {
    return report.items().stream().collect(Collectors.toMap(CheckReport.Item::check,
        CheckReport.Item::passed));
  }

  @Test
  void shouldPassWhenEverythingNamedIsThere() {
    CheckReport report = PolicyCheck.check(policy("MBX-DR", "db1",
        named.secretFile().toString()));
    assertTrue(report.passed(), report.text());
    assertEquals(Map.of("directory", true, "service db1", true, "mailbox store (from)", true,
        "mailbox store (to)", true, "store names", true, "standby store empty", true,
        "dns db1", true), results(report), report.text());
  }

  @Test
  void shouldNameWhatIsMissingOrRefused() throws Exception {
    Path wrongKey = Files.writeString(dir.resolve("wrong.secret"),
        "d3JvbmctZC13cm9uZy13cm9uZy13cm9uZy13cm9uZyE=\n");
    CheckReport report = PolicyCheck.check(policy("MBX-NOWHERE", "db9", wrongKey.toString()));

    assertEquals(Map.of("directory", true, "service db9", false, "mailbox store (from)", true,
        "mailbox store (to)", false, "store names", true, "standby store empty", true,
        "dns", false), results(report), report.text());
    assertTrue(report.text().contains("no service entry cn=db9"), report.text());
    assertTrue(report.text().contains("does not exist"), report.text());
    assertTrue(report.text().contains(NameServer.KEY_NAME), report.text());
  }

  @Test
  void shouldRefuseAStandbyStoreThatHoldsUserMailboxesButNotSystemOnes() {
    directory.load(SampleDirectory.mailbox("HealthMailbox7", "MBX-DR", null)
        + SampleDirectory.mailbox("Dora Standby", "MBX-DR", null));
    CheckReport report = PolicyCheck.check(policy("MBX-DR", "db1",
        named.secretFile().toString()));
    assertEquals(false, results(report).get("standby store empty"), report.text());
    assertTrue(report.text().contains("holds 1 user mailbox (cn=Dora Standby"), report.text());
    assertTrue(report.text().contains("would lose them"), report.text());
  }

  @Test
  void shouldRefuseStoresWhoseStorageGroupOrStoreNamesDiffer() {
    MailboxStore renamed = new MailboxStore(SampleDirectory.storeDn("MBX-DR", "Other Database"),
        SampleDirectory.mtaDn("MBX-DR"), SampleDirectory.legacyDn("MBX-DR"));
    assertEquals(java.util.Optional.of("Mailbox Database"), store("MBX-HQ").pathOnServer());
    assertEquals(java.util.Optional.empty(), new MailboxStore("CN=MBX-HQ,CN=Databases,"
        + "CN=Example,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=example,DC=com",
        SampleDirectory.mtaDn("MBX-HQ"), "/o=Example").pathOnServer(), "organisation-wide");
    RecoveryPolicy p = policy("MBX-DR", "db1", named.secretFile().toString());
    CheckReport report = PolicyCheck.check(new RecoveryPolicy(p.name(), p.pairs(), p.point(),
        p.steps(), new DirectoryPlan(p.directory().url(), p.directory().bindDn(),
            p.directory().passwordFile(), p.directory().servicesBase(), p.directory().services(),
            p.directory().usersBase(), store("MBX-HQ"), renamed), p.dns(), List.of(), false,
        null, null, null));
    assertEquals(false, results(report).get("store names"), report.text());
    assertTrue(report.text().contains("the primary's store is Mailbox Database but the "
        + "standby's is Other Database"), report.text());
  }
}

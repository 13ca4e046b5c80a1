package io.nearline.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.common.config.InvalidConfigException;
import io.nearline.common.config.Validation;
import io.nearline.common.json.Json;
import io.nearline.directory.MailboxStore;
import io.nearline.recovery.drill.DrillSettings;
import io.nearline.recovery.drill.ProbeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {
  @TempDir
  Path dir;

  static Standby ssh(String name, String data, int port) {
    return new Standby(name, AccessKind.SSH, "10.0.0.7", 22, "postgres",
        "/etc/nearline/id_ed25519", null, name + ".example.com", false, "http://10.0.0.2:7480",
        Map.of("pgBin", "/usr/lib/postgresql/15/bin", "dataDirectory", data, "pgPort", port));
  }

  static RecoveryPair pair() {
    return new RecoveryPair("orders", "orders-db", ssh("dr-7", "/var/lib/postgresql/15/dr",
        5433), ssh("orders-db", "/var/lib/postgresql/15/main", 5432));
  }

  static RecoveryPolicy policy() {
    return new RecoveryPolicy("shop", List.of("orders"),
        new RecoveryPoint(PointKind.POSITION, "0/3000060"),
        List.of(StepKind.of("restore-data"), StepKind.of("promote"), StepKind.REBIND_DIRECTORY,
            StepKind.REHOME_CLIENTS, StepKind.of("verify")),
        new DirectoryPlan("ldap://dc1:389", "cn=nearline,dc=example,dc=com",
        "/etc/nearline/ldap.password", "ou=pgservices,dc=example,dc=com", List.of("orders"),
        "ou=users,dc=example,dc=com", new MailboxStore("cn=DB1,cn=x", "cn=MTA,cn=x", "/o=x/cn=a"),
        new MailboxStore("cn=DB2,cn=y", "cn=MTA,cn=y", "/o=x/cn=b")),
        new DnsPlan("10.0.0.53", 53, "example.com.", "nearline-key.", "hmac-sha256",
            "/etc/nearline/tsig.secret", List.of("orders-db"), 60),
        List.of("systemctl restart pgbouncer"), false, 600, 300, new DrillSettings(List.of(
            new ProbeSpec("sql", "orders open", 30, "SELECT count(*) > 0 FROM orders", "t",
                null, null, null, null),
            new ProbeSpec("table-checksum", null, null, null, null, List.of("orders"), null,
                null, null)), 14, "ou=drills,dc=example,dc=com"));
  }

  @Test
  void shouldExportAndImportPairsAndPoliciesUnchanged() {
    PolicyCatalog catalog = new PolicyCatalog(TestCatalog.open(dir));
    catalog.savePair(pair(), "{}");
    catalog.savePolicy(policy());

    String file = Json.write(catalog.export());
    PolicyFile back = PolicyFile.parse(file);

    assertEquals(List.of(pair()), back.pairs());
    assertEquals(List.of(policy()), back.policies());
    assertTrue(file.contains("\"rehome-clients\""), file);
    assertTrue(file.contains("\"pgPort\" : 5433"), "application settings sit beside the "
        + "standby's own fields, as policy files have always had them: " + file);
  }

  @Test
  void shouldReadTheSamplesTheDocsPointTo() throws Exception {
    Path samples = Path.of("../samples/policies");
    PolicyFile file = PolicyFile.parse(Files.readString(samples.resolve("policy-file.json")));
    RecoveryPair pair = Validation.valid(Json.read(Files.readString(samples.resolve("pair.json")),
        RecoveryPair.class));
    RecoveryPolicy policy = Validation.valid(Json.read(
        Files.readString(samples.resolve("policy.json")), RecoveryPolicy.class));
    assertEquals(List.of(pair), file.pairs(), "policy-file.json holds pair.json");
    assertEquals(List.of(policy), file.policies(), "and policy.json");
    assertEquals(5433, pair.standby().settings().get("pgPort"));
    assertTrue(policy.directory().movesMailboxes());
  }

  @Test
  void shouldRefuseAPolicyNamingAnUnknownPair() {
    PolicyCatalog catalog = new PolicyCatalog(TestCatalog.open(dir));
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
        () -> catalog.savePolicy(policy()));
    assertEquals("policy shop names pair orders, which does not exist; add it first",
        e.getMessage());
  }

  @Test
  void shouldNameTheFieldThatIsWrong() {
    String noUser = Json.write(new PolicyFile(1, List.of(pair()), List.of()))
        .replaceFirst("\"sshUser\" : \"postgres\"", "\"sshUser\" : null");
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> PolicyFile.parse(noUser));
    assertEquals(Map.of("pairs[0].standby.sshUser", "is required for ssh access"), e.fields());

    String badPoint = Json.write(new PolicyFile(1, List.of(), List.of(policy())))
        .replace("\"kind\" : \"lsn\"", "\"kind\" : \"yesterday\"");
    e = assertThrows(InvalidConfigException.class, () -> PolicyFile.parse(badPoint));
    assertEquals("policies[0].point.kind", e.fields().keySet().iterator().next());
    assertTrue(e.getMessage().contains("must be latest, time, lsn or tag, not yesterday"),
        e.getMessage());

    String misspelt = Json.write(new PolicyFile(1, List.of(), List.of(policy())))
        .replace("\"instant\"", "\"instnat\"");
    e = assertThrows(InvalidConfigException.class, () -> PolicyFile.parse(misspelt));
    assertEquals("policies[0].instnat", e.fields().keySet().iterator().next());

    String newer = Json.write(new PolicyFile(2, List.of(), List.of()));
    e = assertThrows(InvalidPolicyException.class, () -> PolicyFile.parse(newer));
    assertTrue(e.getMessage().startsWith("policy file version 2 is not supported"));
  }
}

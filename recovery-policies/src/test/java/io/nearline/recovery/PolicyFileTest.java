package io.nearline.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.directory.MailboxStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {
  @TempDir
  Path dir;

  static RecoveryPair pair() {
    return new RecoveryPair("orders", "orders-db", new Standby("dr-7", "ssh", "10.0.0.7", 22,
        "postgres", "/etc/nearline/id_ed25519", null, "/usr/lib/postgresql/15/bin",
        "/var/lib/postgresql/15/dr", 5433, "dr-7.example.com", false, "http://10.0.0.2:7480"),
        new Standby("orders-db", "ssh", "10.0.0.3", 22, "postgres", "/etc/nearline/id_ed25519",
        null, "/usr/lib/postgresql/15/bin", "/var/lib/postgresql/15/main", 5432,
        "orders-db.example.com", false, "http://10.0.0.2:7480"));
  }

  static RecoveryPolicy policy() {
    return new RecoveryPolicy("shop", List.of("orders"), new RecoveryPoint("lsn", "0/3000060"),
        StepKind.FAILOVER, new DirectoryPlan("ldap://dc1:389", "cn=nearline,dc=example,dc=com",
        "/etc/nearline/ldap.password", "ou=pgservices,dc=example,dc=com", List.of("orders"),
        "ou=users,dc=example,dc=com", new MailboxStore("cn=DB1,cn=x", "cn=MTA,cn=x", "/o=x/cn=a"),
        new MailboxStore("cn=DB2,cn=y", "cn=MTA,cn=y", "/o=x/cn=b")),
        new DnsPlan("10.0.0.53", 53, "example.com.", "nearline-key.", "hmac-sha256",
            "/etc/nearline/tsig.secret", List.of("orders-db"), 60),
        List.of("systemctl restart pgbouncer"), false);
  }

  @Test
  void shouldExportAndImportPairsAndPoliciesUnchanged() throws Exception {
    PolicyCatalog catalog = new PolicyCatalog(TestCatalog.open(dir));
    catalog.savePair(pair(), "{}");
    catalog.savePolicy(policy());

    String file = RecoveryJson.write(catalog.export());
    PolicyFile back = PolicyFile.parse(file);

    assertEquals(List.of(pair()), back.pairs());
    assertEquals(List.of(policy()), back.policies());
    assertTrue(file.contains("\"rehome-clients\""), file);
  }

  @Test
  void shouldRefuseAPolicyNamingAnUnknownPair() throws Exception {
    PolicyCatalog catalog = new PolicyCatalog(TestCatalog.open(dir));
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
        () -> catalog.savePolicy(policy()));
    assertEquals("policy shop names pair orders, which does not exist; add it first",
        e.getMessage());
  }

  @Test
  void shouldNameTheFieldThatIsWrong() {
    String unknownStep = RecoveryJson.write(new PolicyFile(1, List.of(pair()), List.of(policy())))
        .replace("\"verify\"", "\"verfiy\"");
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
        () -> PolicyFile.parse(unknownStep));
    assertTrue(e.getMessage().contains("unknown step verfiy"), e.getMessage());

    String failbackStep = RecoveryJson.write(new PolicyFile(1, List.of(), List.of(policy())))
        .replace("\"clean-up\"", "\"switch-over\"");
    e = assertThrows(InvalidPolicyException.class, () -> PolicyFile.parse(failbackStep));
    assertEquals("policy shop: switch-over is a failback step; a failback runs it by itself",
        e.getMessage());

    String instantToAnLsn = RecoveryJson.write(new PolicyFile(1, List.of(), List.of(policy())))
        .replace("\"instant\" : false", "\"instant\" : true");
    e = assertThrows(InvalidPolicyException.class, () -> PolicyFile.parse(instantToAnLsn));
    assertEquals("policy shop: instant serves the latest point; a policy recovering to lsn "
        + "0/3000060 cannot use it", e.getMessage());

    String badPoint = RecoveryJson.write(new PolicyFile(1, List.of(), List.of(policy())))
        .replace("0/3000060", "yesterday");
    e = assertThrows(InvalidPolicyException.class, () -> PolicyFile.parse(badPoint));
    assertEquals("recovery point lsn must look like 0/3000060, not yesterday", e.getMessage());

    String newer = RecoveryJson.write(new PolicyFile(2, List.of(), List.of()));
    e = assertThrows(InvalidPolicyException.class, () -> PolicyFile.parse(newer));
    assertTrue(e.getMessage().startsWith("policy file version 2 is not supported"));
  }
}

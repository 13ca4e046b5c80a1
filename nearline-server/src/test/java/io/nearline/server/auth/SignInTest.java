package io.nearline.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.common.config.Validation;
import io.nearline.server.MovableClock;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Role;
import io.nearline.testkit.InMemoryDirectory;
import io.nearline.testkit.TestDirectory;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of console sign-in that need no server: hashes, lock-out, sessions, the directory. */
class SignInTest {
  private static final String PEOPLE = "ou=people," + TestDirectory.BASE_DN;

  @Test
  void passwordsAreKeptAsSaltedBcrypt() {
    String hash = PasswordHash.of("a-long-enough-password");
    assertTrue(hash.startsWith("$2b$" + PasswordHash.COST + "$"), hash);
    assertNotEquals(hash, PasswordHash.of("a-long-enough-password"), "salted");
    assertTrue(PasswordHash.matches(hash, "a-long-enough-password"));
    assertFalse(PasswordHash.matches(hash, "a-long-enough-passwore"));
    assertFalse(PasswordHash.matches(null, "anything"));
  }

  @Test
  void aNameIsLockedForAWhileAfterRepeatedFailuresWhateverItsCase() {
    MovableClock clock = new MovableClock();
    Lockout lockout = new Lockout(3, Duration.ofMinutes(15), clock);
    lockout.failed("Alice");
    lockout.failed("alice");
    assertNull(lockout.lockedUntil("alice"));
    java.time.Instant before = clock.instant();
    lockout.failed("ALICE");
    java.time.Instant until = lockout.lockedUntil("alice");
    assertFalse(until.isBefore(before.plus(Duration.ofMinutes(15))), until.toString());
    assertTrue(until.isBefore(before.plus(Duration.ofMinutes(16))), until.toString());
    clock.moveAhead(Duration.ofMinutes(16));
    assertNull(lockout.lockedUntil("alice"), "tries again after the lock");
    lockout.failed("alice");
    assertNull(lockout.lockedUntil("alice"), "the count starts again after a lock");
    lockout.succeeded("alice");
    lockout.failed("alice");
    lockout.failed("alice");
    assertNull(lockout.lockedUntil("alice"), "a success forgets the failures");
  }

  @Test
  void aSessionEndsAfterItsIdleTimeButNotWhileItIsUsed() {
    MovableClock clock = new MovableClock();
    Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
    var s = sessions.open(Caller.token("console:admin", Role.ADMIN), "local");
    assertNotEquals(s.id(), s.csrf());
    clock.moveAhead(Duration.ofMinutes(20));
    assertNotNull(sessions.touch(s.id()));
    clock.moveAhead(Duration.ofMinutes(20));
    assertNotNull(sessions.touch(s.id()), "20 minutes after its last use");
    clock.moveAhead(Duration.ofMinutes(31));
    assertNull(sessions.touch(s.id()));
    assertNull(sessions.touch(null));
  }

  @Test
  void directoryGroupsGiveTheHighestRoleAndNoGroupNoEntry() throws Exception {
    try (InMemoryDirectory directory = InMemoryDirectory.start()) {
      directory.load("dn: " + TestDirectory.BASE_DN + "\nobjectClass: domain\ndc: example\n\n"
          + "dn: " + PEOPLE + "\nobjectClass: organizationalUnit\nou: people\n\n"
          + person("ann") + person("bob") + person("cyd")
          + group("viewers", "ann", "bob") + group("admins", "bob"));
      DirectorySignIn signIn = new DirectorySignIn(directory.url(), "uid={user}," + PEOPLE,
          "cn=viewers," + PEOPLE, "cn=operators," + PEOPLE, "cn=admins," + PEOPLE);
      assertEquals(Optional.of(Role.VIEWER), signIn.authenticate("ann", "ann-pw"));
      assertEquals(Optional.of(Role.ADMIN), signIn.authenticate("bob", "bob-pw"));
      assertEquals(Optional.empty(), signIn.authenticate("cyd", "cyd-pw"), "in no group");
      assertEquals(Optional.empty(), signIn.authenticate("ann", "wrong"));
      assertEquals(Optional.empty(), signIn.authenticate("zed", "zed-pw"), "no such person");
    }
  }

  @Test
  void aDirectoryThatCannotBeReachedIsAnErrorNotARefusal() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    DirectorySignIn signIn = new DirectorySignIn("ldap://127.0.0.1:" + closed,
        "uid={user}," + PEOPLE, null, null, "cn=admins," + PEOPLE);
    org.junit.jupiter.api.Assertions.assertThrows(com.unboundid.ldap.sdk.LDAPException.class,
        () -> signIn.authenticate("ann", "ann-pw")); // 503 at sign-in, not "wrong password"
  }

  @Test
  void aDirectorySettingThatCannotWorkIsRefusedByName() {
    var problems = Validation.problems(new DirectorySignIn("http://dc1", "uid=x", null, null,
        null));
    assertTrue(problems.get("url").contains("ldap://"), problems.toString());
    assertTrue(problems.get("userDn").contains("{user}"), problems.toString());
    assertTrue(problems.get("adminGroup").contains("nobody"), problems.toString());
  }

  private static String person(String uid) {
    return "dn: uid=" + uid + "," + PEOPLE + "\nobjectClass: inetOrgPerson\nuid: " + uid
        + "\ncn: " + uid + "\nsn: " + uid + "\nuserPassword: " + uid + "-pw\n\n";
  }

  private static String group(String cn, String... members) {
    StringBuilder b = new StringBuilder("dn: cn=" + cn + "," + PEOPLE
        + "\nobjectClass: groupOfNames\ncn: " + cn + "\n");
    for (String m : members) {
      b.append("member: uid=").append(m).append(",").append(PEOPLE).append("\n");
    }
    return b.append("\n").toString();
  }
}

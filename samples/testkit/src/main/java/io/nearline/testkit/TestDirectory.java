package io.nearline.testkit;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

/** A real LDAP server for tests: in-process UnboundID or a private slapd, with the same data. */
public interface TestDirectory extends AutoCloseable {
  String BASE_DN = "dc=example,dc=com";
  String ADMIN_DN = "cn=admin,dc=example,dc=com";
  String ADMIN_PASSWORD = "directory-secret";

  int port();

  default String url() {
    return "ldap://127.0.0.1:" + port();
  }

  /** Adds every entry of {@code ldif}, in order, as the administrator. */
  default void load(String ldif) {
    try (LDAPConnection c = new LDAPConnection("127.0.0.1", port(), ADMIN_DN, ADMIN_PASSWORD);
         LDIFReader reader = new LDIFReader(new BufferedReader(new StringReader(ldif)))) {
      for (var entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
        c.add(entry);
      }
    } catch (LDAPException | LDIFException | IOException e) {
      throw new IllegalStateException("cannot load test entries: " + e.getMessage(), e);
    }
  }

  @Override
  void close();
}

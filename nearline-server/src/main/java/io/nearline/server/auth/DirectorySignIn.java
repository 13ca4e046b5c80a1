package io.nearline.server.auth;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import io.nearline.common.config.Check;
import io.nearline.common.config.CrossChecked;
import io.nearline.common.config.Describe;
import io.nearline.common.config.Problems;
import io.nearline.services.web.Role;
import java.util.Optional;

/**
 * Directory sign-in: the person's name and password are tried in a bind as the DN the template
 * makes; the console groups they are a member of give their role, the highest one winning. A
 * person in none of the groups is refused, however good the password.
 */
public record DirectorySignIn(
    @Describe("The directory, ldap://host:port or ldaps://host:port") @Check.Required String url,
    @Describe("The DN a person binds as, {user} standing for the name typed, e.g. "
        + "uid={user},ou=people,dc=example,dc=org") @Check.Required String userDn,
    @Describe("Members of this group (DN) may view") String viewerGroup,
    @Describe("Members of this group may also act: failover, drills") String operatorGroup,
    @Describe("Members of this group may also change what is protected") String adminGroup)
    implements CrossChecked {

  private static final int TIMEOUT_MILLIS = 10_000;

  @Override
  public void check(Problems problems) {
    if (url != null && !url.startsWith("ldap://") && !url.startsWith("ldaps://")) {
      problems.add("url", "must start with ldap:// or ldaps://");
    }
    if (userDn != null && !userDn.contains("{user}")) {
      problems.add("userDn", "must contain {user}, where the name typed goes");
    }
    if (viewerGroup == null && operatorGroup == null && adminGroup == null) {
      problems.add("adminGroup", "or another role's group is required: without one, nobody "
          + "from the directory could sign in");
    }
  }

  /**
   * The role the directory gives this person: empty if the bind fails or they are in no console
   * group.
   *
   * @throws LDAPException when the directory cannot be reached or answers with an error other
   *     than refusing the credentials
   */
  Optional<Role> authenticate(String user, String password) throws LDAPException {
    String dn = userDn.replace("{user}", user); // the name is checked to need no escaping
    try (LDAPConnection c = connect()) {
      try {
        c.bind(dn, password);
      } catch (LDAPException e) {
        if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS
            || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
          return Optional.empty();
        }
        throw e;
      }
      // Highest first: the first group the person is in gives the role.
      for (Role role : new Role[] {Role.ADMIN, Role.OPERATOR, Role.VIEWER}) {
        String group = group(role);
        if (group != null && isMember(c, group, dn)) {
          return Optional.of(role);
        }
      }
      return Optional.empty();
    }
  }

  private String group(Role role) {
    return switch (role) {
      case ADMIN -> adminGroup;
      case OPERATOR -> operatorGroup;
      case VIEWER -> viewerGroup;
    };
  }

  private static boolean isMember(LDAPConnection c, String group, String dn)
      throws LDAPException {
    Filter member = Filter.createORFilter(Filter.createEqualityFilter("member", dn),
        Filter.createEqualityFilter("uniqueMember", dn));
    try {
      return c.search(group, SearchScope.BASE, member, "1.1").getEntryCount() > 0;
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return false; // a group configured but absent: nobody is in it
      }
      throw e;
    }
  }

  private LDAPConnection connect() throws LDAPException {
    LDAPURL parsed = new LDAPURL(url);
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(TIMEOUT_MILLIS);
    options.setResponseTimeoutMillis(TIMEOUT_MILLIS);
    // The certificate must name the host: a trusted certificate for another name is refused.
    options.setSSLSocketVerifier(new com.unboundid.util.ssl.HostNameSSLSocketVerifier(true));
    javax.net.SocketFactory sockets = null;
    if ("ldaps".equals(parsed.getScheme())) {
      try { // the JVM's trusted authorities, as for any TLS client
        sockets = new SSLUtil(new TrustStoreTrustManager(System.getProperty("java.home")
            + "/lib/security/cacerts")).createSSLSocketFactory();
      } catch (java.security.GeneralSecurityException e) {
        throw new LDAPException(ResultCode.CONNECT_ERROR, "cannot set up TLS: " + e, e);
      }
    }
    return new LDAPConnection(sockets, options, parsed.getHost(), parsed.getPort());
  }
}

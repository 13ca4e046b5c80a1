package io.nearline.directory;

/**
 * An Exchange mailbox store and the server it lives on, as user entries refer to them.
 *
 * @param storeDn the store's DN, the value of {@code homeMDB}
 * @param mtaDn the server's MTA, {@code CN=Microsoft MTA,<server DN>}: the value of
 *     {@code homeMTA}
 * @param serverLegacyDn the server's legacyExchangeDN: the value of
 *     {@code msExchHomeServerName}
 */
public record MailboxStore(String storeDn, String mtaDn, String serverLegacyDn) {
  private static final String INFORMATION_STORE = "informationstore";

  public MailboxStore {
    for (String dn : new String[] {storeDn, mtaDn}) {
      if (!com.unboundid.ldap.sdk.DN.isValidDN(dn)) {
        throw new IllegalArgumentException("not a DN: " + dn);
      }
    }
    if (serverLegacyDn == null || serverLegacyDn.isBlank()) {
      throw new IllegalArgumentException("a mailbox store needs its server's legacyExchangeDN");
    }
  }

  /**
   * Where the store sits on its server, as names: {@code First Storage Group/Mailbox Database}
   * for a store under a server's {@code CN=InformationStore} (Exchange 2003 and 2007, with
   * storage groups); empty for a database named for the whole organisation (2010 and later),
   * where names cannot match between servers.
   */
  public java.util.Optional<String> pathOnServer() {
    try {
      com.unboundid.ldap.sdk.RDN[] rdns = new com.unboundid.ldap.sdk.DN(storeDn).getRDNs();
      java.util.Deque<String> path = new java.util.ArrayDeque<>();
      for (com.unboundid.ldap.sdk.RDN rdn : rdns) {
        String value = rdn.getAttributeValues()[0];
        if (value.equalsIgnoreCase(INFORMATION_STORE)) {
          return java.util.Optional.of(String.join("/", path));
        }
        path.addFirst(value);
      }
      return java.util.Optional.empty();
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      return java.util.Optional.empty(); // checked a valid DN when made
    }
  }
}

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
}

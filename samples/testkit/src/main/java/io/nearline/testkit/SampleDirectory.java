package io.nearline.testkit;

/**
 * Entries a recovery test needs: libpq service entries under {@code ou=pgservices}, and an
 * Exchange organisation with two servers (the primary's and the standby's), their stores, user
 * mailboxes and system mailboxes.
 */
public final class SampleDirectory {
  public static final String SERVICES = "ou=pgservices," + TestDirectory.BASE_DN;
  public static final String USERS = "ou=users," + TestDirectory.BASE_DN;
  private static final String SERVERS = "cn=Servers,cn=First Administrative Group,"
      + "cn=Administrative Groups,cn=Example,cn=Microsoft Exchange,cn=Services,"
      + "cn=Configuration," + TestDirectory.BASE_DN;
  private static final String LEGACY = "/o=Example/ou=First Administrative Group/cn=Servers/cn=";

  private SampleDirectory() {
  }

  public static String serverDn(String server) {
    return "cn=" + server + "," + SERVERS;
  }

  public static String storeDn(String server, String store) {
    return "cn=" + store + ",cn=InformationStore," + serverDn(server);
  }

  public static String mtaDn(String server) {
    return "cn=Microsoft MTA," + serverDn(server);
  }

  public static String legacyDn(String server) {
    return LEGACY + server;
  }

  /** The base, containers, both servers with one store each, and no users yet. */
  public static String skeleton(String primaryServer, String standbyServer) {
    StringBuilder b = new StringBuilder("""
        dn: dc=example,dc=com
        objectClass: domain
        dc: example

        dn: ou=pgservices,dc=example,dc=com
        objectClass: organizationalUnit
        ou: pgservices

        dn: ou=users,dc=example,dc=com
        objectClass: organizationalUnit
        ou: users

        """);
    String dn = TestDirectory.BASE_DN;
    for (String cn : new String[] {"Configuration", "Services", "Microsoft Exchange", "Example",
        "Administrative Groups", "First Administrative Group", "Servers"}) {
      dn = "cn=" + cn + "," + dn;
      b.append(container(dn));
    }
    for (String server : new String[] {primaryServer, standbyServer}) {
      b.append("dn: ").append(serverDn(server)).append("\nobjectClass: applicationProcess\n")
          .append("objectClass: msExchTestMailRecipient\ncn: ").append(server)
          .append("\nlegacyExchangeDN: ").append(legacyDn(server)).append("\n\n");
      b.append(container(mtaDn(server)));
      b.append(container("cn=InformationStore," + serverDn(server)));
      b.append(container(storeDn(server, "Mailbox Database")));
    }
    return b.toString();
  }

  /** A libpq service entry: {@code description} holds host, port and dbname. */
  public static String service(String name, String host, int port, String dbname) {
    return "dn: cn=" + name + "," + SERVICES + "\nobjectClass: applicationProcess\ncn: " + name
        + "\ndescription: host=" + host + "\ndescription: port=" + port
        + "\ndescription: dbname=" + dbname + "\n\n";
  }

  /** A user mailbox on {@code server}'s store; {@code typeDetails} marks system mailboxes. */
  public static String mailbox(String cn, String server, Long typeDetails) {
    return "dn: cn=" + cn + "," + USERS + "\nobjectClass: inetOrgPerson\n"
        + "objectClass: msExchTestMailRecipient\ncn: " + cn + "\nsn: " + cn
        + "\nmailNickname: " + cn.replace(' ', '.') + "\nlegacyExchangeDN: /o=Example/cn=" + cn
        + "\nhomeMDB: " + storeDn(server, "Mailbox Database") + "\nhomeMTA: " + mtaDn(server)
        + "\nmsExchHomeServerName: " + legacyDn(server)
        + (typeDetails == null ? "" : "\nmsExchRecipientTypeDetails: " + typeDetails) + "\n\n";
  }

  private static String container(String dn) {
    String cn = dn.substring(3, dn.indexOf(','));
    return "dn: " + dn + "\nobjectClass: applicationProcess\ncn: " + cn + "\n\n";
  }
}

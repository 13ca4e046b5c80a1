package io.nearline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private OpenLDAP slapd on a loopback port: its own cn=config, mdb database and log under one
 * directory, with the core, cosine, inetOrgPerson and Exchange test schemas. Stricter than the
 * in-memory server, so both run the same directory tests.
 */
public final class Slapd implements TestDirectory {
  private final int port;
  private final Process process;

  private Slapd(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  public static Slapd start(Path dir) {
    try {
      Path config = Files.createDirectories(dir.resolve("slapd.d"));
      Path data = Files.createDirectories(dir.resolve("data"));
      Path ldif = dir.resolve("config.ldif");
      Files.writeString(ldif, configLdif(dir, data));
      Command.run(dir, "/usr/sbin/slapadd", "-n0", "-F", config.toString(), "-l",
          ldif.toString());
      int port = Ports.free();
      Process p = Command.start(dir, dir.resolve("slapd.log"), List.of("/usr/sbin/slapd",
          "-d", "256", "-h", "ldap://127.0.0.1:" + port + "/", "-F", config.toString()));
      Ports.awaitListening(port, Duration.ofSeconds(20), p);
      return new Slapd(port, p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot set up slapd in " + dir + ": " + e, e);
    }
  }

  private static String configLdif(Path dir, Path data) {
    return """
        dn: cn=config
        objectClass: olcGlobal
        cn: config
        olcPidFile: %s

        dn: cn=module{0},cn=config
        objectClass: olcModuleList
        cn: module{0}
        olcModulePath: /usr/lib/ldap
        olcModuleLoad: back_mdb

        dn: cn=schema,cn=config
        objectClass: olcSchemaConfig
        cn: schema

        include: file:///etc/ldap/schema/core.ldif

        include: file:///etc/ldap/schema/cosine.ldif

        include: file:///etc/ldap/schema/inetorgperson.ldif

        %s
        dn: olcDatabase={-1}frontend,cn=config
        objectClass: olcDatabaseConfig
        objectClass: olcFrontendConfig
        olcDatabase: {-1}frontend

        dn: olcDatabase={0}config,cn=config
        objectClass: olcDatabaseConfig
        olcDatabase: {0}config
        olcAccess: {0}to * by * none

        dn: olcDatabase={1}mdb,cn=config
        objectClass: olcDatabaseConfig
        objectClass: olcMdbConfig
        olcDatabase: {1}mdb
        olcDbDirectory: %s
        olcSuffix: %s
        olcRootDN: %s
        olcRootPW: %s
        olcDbMaxSize: 268435456
        olcAccess: {0}to * by * read
        """.formatted(dir.resolve("slapd.pid"), ExchangeSchema.cnConfigLdif(), data, BASE_DN,
        ADMIN_DN, ADMIN_PASSWORD);
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void close() {
    Command.stop(process);
  }
}

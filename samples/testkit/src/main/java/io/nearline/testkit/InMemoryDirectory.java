package io.nearline.testkit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;

/** UnboundID's in-memory LDAP server on a loopback port, with the Exchange test schema. */
public final class InMemoryDirectory implements TestDirectory {
  private final InMemoryDirectoryServer server;

  private InMemoryDirectory(InMemoryDirectoryServer server) {
    this.server = server;
  }

  public static InMemoryDirectory start() {
    try {
      InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
      config.addAdditionalBindCredentials(ADMIN_DN, ADMIN_PASSWORD);
      config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
          InetAddress.getLoopbackAddress(), 0, null));
      Schema exchange = new Schema(new LDIFReader(new BufferedReader(
          new StringReader(ExchangeSchema.subschemaLdif()))).readEntry());
      config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), exchange));
      InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
      server.startListening();
      return new InMemoryDirectory(server);
    } catch (LDAPException | LDIFException | IOException e) {
      throw new IllegalStateException("cannot start the in-memory directory: " + e, e);
    }
  }

  @Override
  public int port() {
    return server.getListenPort();
  }

  @Override
  public void close() {
    server.shutDown(true);
  }
}

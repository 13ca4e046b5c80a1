package io.nearline.server.api;

import io.nearline.server.auth.TlsIdentity;
import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API's TLS listener, configured after Mozilla's "intermediate" profile: TLS 1.2 and 1.3
 * only, forward-secret AEAD suites only.
 */
final class HttpsConnector {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  static final String[] SUITES = {
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};

  private HttpsConnector() {}

  static Connector create(Server server, HttpConfiguration http, TlsIdentity tls, String host,
      int port) {
    // The key store lives in memory only; its password guards nothing on disk.
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String password = Base64.getEncoder().encodeToString(random);
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore(password.toCharArray()));
    ssl.setKeyStorePassword(password);
    ssl.setIncludeProtocols(PROTOCOLS);
    ssl.setIncludeCipherSuites(SUITES);
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients may connect by address, which TLS does not send as a server name; the
    // certificate names the addresses it is for.
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector = new ServerConnector(server,
        new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }
}

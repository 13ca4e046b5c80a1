package io.nearline.server.peer;

import io.nearline.server.auth.TlsIdentity;
import io.nearline.shadow.store.Sha256;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/**
 * Mutual TLS for the link between near-lines. Each side has its own self-signed certificate;
 * trust is pinned: a side accepts the other only by its certificate's SHA-256 fingerprint,
 * learned at pairing. No certificate authority is involved.
 */
final class LinkTls {
  private static final String[] PROTOCOLS = {"TLSv1.3"};
  private static final int CONNECT_TIMEOUT_MS = 10_000;

  private final TlsIdentity identity;

  LinkTls(TlsIdentity identity) {
    this.identity = identity;
  }

  String fingerprint() {
    return fingerprint(identity.certificatePem());
  }

  String certificatePem() {
    return identity.certificatePem();
  }

  /** The SHA-256 of a PEM certificate's DER bytes, hex: the first certificate of a chain. */
  static String fingerprint(String pem) {
    try {
      return fingerprint((X509Certificate) java.security.cert.CertificateFactory
          .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(
              pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
    }
  }

  static String fingerprint(X509Certificate certificate) {
    try {
      return Sha256.hex(certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A listener that asks every client for its certificate; {@code accepted} decides which
   * fingerprints pass the handshake. The pairing handshake passes any, and is then held to its
   * one-time secret.
   */
  SSLServerSocket listen(String host, int port, Predicate<String> accepted) throws IOException {
    SSLServerSocket server = (SSLServerSocket) context(accepted).getServerSocketFactory()
        .createServerSocket(port, 50, java.net.InetAddress.getByName(host));
    server.setNeedClientAuth(true);
    server.setEnabledProtocols(PROTOCOLS);
    return server;
  }

  /** Connects to {@code address} (host:port), accepting only the certificate {@code pinned}. */
  SSLSocket connect(String address, String pinned, int readTimeoutMs) throws IOException {
    int colon = address.lastIndexOf(':');
    InetSocketAddress to = new InetSocketAddress(address.substring(0, colon),
        Integer.parseInt(address.substring(colon + 1)));
    Socket plain = new Socket();
    try {
      plain.connect(to, CONNECT_TIMEOUT_MS);
      plain.setSoTimeout(readTimeoutMs);
      plain.setTcpNoDelay(true);
      SSLSocket tls = (SSLSocket) context(pinned::equals).getSocketFactory()
          .createSocket(plain, to.getHostString(), to.getPort(), true);
      tls.setEnabledProtocols(PROTOCOLS);
      tls.startHandshake();
      return tls;
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /** The fingerprint of the certificate the other side presented. */
  static String peerFingerprint(SSLSocket socket) throws IOException {
    return fingerprint((X509Certificate) socket.getSession().getPeerCertificates()[0]);
  }

  private SSLContext context(Predicate<String> accepted) throws IOException {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      char[] password = "link".toCharArray(); // the key store lives in memory only
      keys.init(identity.keyStore(password), password);
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(keys.getKeyManagers(), new X509TrustManager[] {new Pinned(accepted)},
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for the peer link: " + e.getMessage(), e);
    }
  }

  /** Trusts a certificate by its fingerprint alone. */
  private record Pinned(Predicate<String> accepted) implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0 || !accepted.test(fingerprint(chain[0]))) {
        throw new CertificateException("not the paired near-line's certificate");
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

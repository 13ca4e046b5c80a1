package io.nearline.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trusts only the certificates in one PEM file: the server's own (pinning it) or the CA that
 * issued it. Host names are still checked against the certificate.
 */
public final class Trust {
  private Trust() {}

  public static SSLContext of(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        anchors.setCertificateEntry("trusted-" + n++, c);
      }
      if (n == 0) {
        throw new IllegalArgumentException("no certificate in " + pem);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(
          TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(anchors);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the certificates in " + pem + ": "
          + e.getMessage(), e);
    }
  }
}

package io.nearline.server.auth;

import io.nearline.common.secret.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS key and certificate: the operator's own, from PEM files, or one made at first
 * start and kept in the data directory (the key with mode 0600 from its creation). The
 * certificate file is what clients pin: the CLI with {@code --ca-file}, restore scripts with
 * curl's {@code --cacert}.
 */
public final class TlsIdentity {
  private static final Duration VALIDITY = Duration.ofDays(825);

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TlsIdentity.class);

  private final PrivateKey key;
  /** The server's certificate first, then the CAs above it, as the file gives them. */
  private final List<X509Certificate> chain;
  private final Path certificateFile;

  private TlsIdentity(PrivateKey key, List<X509Certificate> chain, Path certificateFile) {
    this.key = key;
    this.chain = chain;
    this.certificateFile = certificateFile;
  }

  /**
   * The operator's certificate (PEM, with the CAs above it if any) and its key (PEM,
   * unencrypted, readable by its owner only).
   */
  public static TlsIdentity load(Path certificateFile, Path keyFile) {
    try {
      PrivateFiles.requireOwnerOnly(keyFile, "the key");
      PrivateKey key = readKey(keyFile);
      List<X509Certificate> chain = readCertificates(certificateFile);
      if (!matches(key, chain.get(0))) {
        throw new IllegalArgumentException("the key is not the certificate's");
      }
      return new TlsIdentity(key, chain, certificateFile);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("cannot use the TLS certificate " + certificateFile
          + " and key " + keyFile + ": " + e.getMessage(), e);
    }
  }

  /** Whether the key signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate certificate)
      throws GeneralSecurityException {
    // "EC" from the JDK's provider, "ECDSA" from Bouncy Castle's once a library registered it
    // (PDFBox does, for the drill reports).
    String algorithm = key.getAlgorithm().startsWith("EC") ? "SHA256withECDSA"
        : "SHA256withRSA";
    java.security.Signature sign = java.security.Signature.getInstance(algorithm);
    sign.initSign(key);
    byte[] probe = "nearline".getBytes(StandardCharsets.UTF_8);
    sign.update(probe);
    byte[] signature = sign.sign();
    java.security.Signature check = java.security.Signature.getInstance(algorithm);
    check.initVerify(certificate.getPublicKey());
    check.update(probe);
    return check.verify(signature);
  }

  /**
   * Says at start what will fail later: a certificate that expires within 30 days, or that does
   * not name the address clients are told to use. Failing here would stop collection too.
   */
  public void warnIfStale(String bind) {
    X509Certificate c = chain.get(0);
    Instant expires = c.getNotAfter().toInstant();
    if (expires.isBefore(Instant.now().plus(Duration.ofDays(30)))) {
      log.atWarn().addKeyValue("certificate", certificateFile).addKeyValue("expires", expires)
          .log("the TLS certificate expires soon; renew it (a self-signed one: delete the tls "
              + "folder, restart, and give clients the new certificate)");
    }
    try {
      java.util.Collection<List<?>> names = c.getSubjectAlternativeNames();
      boolean named = bind.equals("0.0.0.0") || bind.equals("::") || (names != null
          && names.stream().anyMatch(n -> bind.equals(String.valueOf(n.get(1)))));
      if (!named) {
        log.atWarn().addKeyValue("certificate", certificateFile).addKeyValue("bind", bind)
            .log("the TLS certificate does not name the address the server listens on; clients"
                + " that reach it by that address will refuse it");
      }
    } catch (java.security.cert.CertificateParsingException e) {
      log.warn("cannot read the names in {}: {}", certificateFile, e.getMessage());
    }
  }

  /**
   * The one made at an earlier start in {@code dir}, or a new self-signed one (EC P-256) for
   * {@code names}: host names and addresses clients reach the server by.
   */
  public static TlsIdentity selfSigned(Path dir, List<String> names) {
    Path cert = dir.resolve("server.crt");
    Path keyFile = dir.resolve("server.key");
    if (Files.exists(cert)) {
      return load(cert, keyFile);
    }
    try {
      Files.createDirectories(dir);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      X509Certificate certificate = issue(pair, names);
      // The certificate last: a start cut short in between makes both anew.
      PrivateFiles.replace(keyFile, "rw-------",
          pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()), null);
      PrivateFiles.replace(cert, "rw-r--r--", pem(certificate), null);
      return new TlsIdentity(pair.getPrivate(), List.of(certificate), cert);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TLS key and certificate in " + dir, e);
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot make a TLS certificate: " + e.getMessage(), e);
    }
  }

  /**
   * What a self-signed certificate names by default: loopback, this host's names, and the bound
   * address; bound to every address, every address of every interface that is up.
   */
  public static List<String> defaultNames(String bind) throws IOException {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    try {
      InetAddress local = InetAddress.getLocalHost();
      names.add(local.getHostName());
      names.add(local.getCanonicalHostName());
    } catch (IOException unknown) {
      // no name of its own: loopback and the addresses still work
    }
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      for (java.net.NetworkInterface nic : java.util.Collections.list(
          java.net.NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp()) {
          nic.inetAddresses().forEach(a -> names.add(a.getHostAddress().replaceAll("%.*", "")));
        }
      }
    } else {
      names.add(bind);
    }
    return new ArrayList<>(names);
  }

  /** The key and certificate as a key store Jetty serves from. */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("nearline", key, password, chain.toArray(X509Certificate[]::new));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot hold the TLS key: " + e.getMessage(), e);
    }
  }

  public Path certificateFile() {
    return certificateFile;
  }

  /** The whole chain as PEM: what clients verify the server by. */
  public String certificatePem() {
    StringBuilder out = new StringBuilder();
    chain.forEach(c -> out.append(pem(c)));
    return out.toString();
  }

  private static X509Certificate issue(KeyPair pair, List<String> names)
      throws GeneralSecurityException, IOException,
      org.bouncycastle.operator.OperatorCreationException {
    X500Name subject = new X500Name("CN=nearline " + names.get(names.size() - 1));
    Instant now = Instant.now();
    List<GeneralName> alternatives = new ArrayList<>();
    for (String name : names) {
      alternatives.add(new GeneralName(isAddress(name) ? GeneralName.iPAddress
          : GeneralName.dNSName, name));
    }
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(alternatives.toArray(GeneralName[]::new)));
    // Its own trust anchor: clients pin this certificate, there is no CA above it.
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    X509CertificateHolder holder = builder.build(
        new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  private static boolean isAddress(String name) {
    return name.contains(":") || name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private static PrivateKey readKey(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file); PEMParser parser = new PEMParser(in)) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        // "EC PRIVATE KEY" (SEC1) names its curve inside the key, where the JDK does not look:
        // the curve is moved into the algorithm identifier, as PKCS#8 has it.
        PrivateKeyInfo info = pair.getPrivateKeyInfo();
        if (info.getPrivateKeyAlgorithm().getParameters() == null
            && pair.getPublicKeyInfo() != null) {
          info = new PrivateKeyInfo(pair.getPublicKeyInfo().getAlgorithm(),
              info.parsePrivateKey());
        }
        return converter.getPrivateKey(info);
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IOException("no private key in " + file + " (PEM, unencrypted)");
    }
  }

  private static List<X509Certificate> readCertificates(Path file)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file); PEMParser parser = new PEMParser(in)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    }
    if (chain.isEmpty()) {
      throw new IOException("no certificate in " + file + " (PEM)");
    }
    return chain;
  }

  private static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}

package io.nearline.server.auth;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final Path certificateFile;

  private TlsIdentity(PrivateKey key, X509Certificate certificate, Path certificateFile) {
    this.key = key;
    this.certificate = certificate;
    this.certificateFile = certificateFile;
  }

  /** The operator's certificate and key, both PEM. */
  public static TlsIdentity load(Path certificateFile, Path keyFile) {
    try {
      return new TlsIdentity(readKey(keyFile), readCertificate(certificateFile), certificateFile);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the TLS certificate " + certificateFile
          + " and key " + keyFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The one made at an earlier start in {@code dir}, or a new self-signed one (EC P-256) for
   * {@code names}: host names and addresses clients reach the server by.
   */
  public static TlsIdentity selfSigned(Path dir, List<String> names) {
    Path cert = dir.resolve("server.crt");
    Path keyFile = dir.resolve("server.key");
    if (Files.exists(cert) && Files.exists(keyFile)) {
      return load(cert, keyFile);
    }
    try {
      Files.createDirectories(dir);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      X509Certificate certificate = issue(pair, names);
      writePrivately(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()));
      Files.writeString(cert, pem(certificate));
      return new TlsIdentity(pair.getPrivate(), certificate, cert);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TLS key and certificate in " + dir, e);
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException("cannot make a TLS certificate: " + e.getMessage(), e);
    }
  }

  /** What a self-signed certificate names by default: this host, loopback, and {@code bind}. */
  public static List<String> defaultNames(String bind) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException unknown) {
      // no name of its own: loopback and the bound address still work
    }
    if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
      names.add(bind);
    }
    return new ArrayList<>(names);
  }

  /** The key and certificate as a key store Jetty serves from. */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("nearline", key, password, new X509Certificate[] {certificate});
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot hold the TLS key: " + e.getMessage(), e);
    }
  }

  public Path certificateFile() {
    return certificateFile;
  }

  public String certificatePem() {
    return pem(certificate);
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
    return name.contains(":") || name.matches("[0-9.]+");
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

  private static X509Certificate readCertificate(Path file)
      throws IOException, GeneralSecurityException {
    try (Reader in = Files.newBufferedReader(file); PEMParser parser = new PEMParser(in)) {
      if (parser.readObject() instanceof X509CertificateHolder holder) {
        return new JcaX509CertificateConverter().getCertificate(holder);
      }
      throw new IOException("no certificate in " + file + " (PEM)");
    }
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

  private static void writePrivately(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }
}

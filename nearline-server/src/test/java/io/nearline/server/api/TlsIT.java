package io.nearline.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.common.process.Program;
import io.nearline.server.ApiSecurity;
import io.nearline.server.CliRun;
import io.nearline.server.NearlineFixture;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.auth.TlsIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over TLS: a certificate made at first start, pinned by the CLI and by curl. */
class TlsIT {
  @TempDir static Path dir;
  static NearlineServer server;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    server = NearlineServer.start(config(dir.resolve("nearline"), "127.0.0.1",
        ApiSecurity.defaults().withTls(null, null)));
    url = "https://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static ServerConfig config(Path data, String bind, ApiSecurity security) {
    return new ServerConfig(data, bind, 0, 0, NearlineFixture.fastSettings(),
        NearlineFixture.fastSurrogates(), security);
  }

  @Test
  void shouldServeTheSameCertificateAfterARestart() throws Exception {
    Path data = dir.resolve("restarted");
    String first;
    try (NearlineServer s = NearlineServer.start(config(data, "127.0.0.1",
        ApiSecurity.defaults().withTls(null, null)))) {
      first = Files.readString(s.certificateFile());
    }
    try (NearlineServer s = NearlineServer.start(config(data, "127.0.0.1",
        ApiSecurity.defaults().withTls(null, null)))) {
      assertEquals(first, Files.readString(s.certificateFile()), "clients keep their pin");
      assertEquals(0, CliRun.of("--url", "https://127.0.0.1:" + s.port(), "--token-file",
          data.resolve("admin.token").toString(), "--ca-file", s.certificateFile().toString(),
          "list").exitCode());
    }
  }

  @Test
  void shouldMakeAKeyOnlyTheServerReadsAndACertificateClientsPin() throws Exception {
    Path tls = dir.resolve("nearline/tls");
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(tls.resolve("server.key"))));
    assertEquals(tls.resolve("server.crt"), server.certificateFile());
    CliRun pinned = cli("--ca-file", server.certificateFile().toString(), "list");
    assertEquals(0, pinned.exitCode(), pinned.err());
  }

  @Test
  void shouldRefuseAServerPresentingAnotherCertificate() throws Exception {
    Path other = TlsIdentity.selfSigned(dir.resolve("other"), List.of("127.0.0.1"))
        .certificateFile();
    CliRun refused = cli("--ca-file", other.toString(), "list");
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().contains("could not be verified"), refused.err());
    CliRun unpinned = cli("list");
    assertEquals(1, unpinned.exitCode(), "not trusted by the JDK's CAs either");
    assertTrue(unpinned.err().contains("could not be verified"), unpinned.err());
  }

  @Test
  void shouldBeVerifiedByCurlWithTheCertificateAndRefuseOldProtocols() throws Exception {
    String cert = server.certificateFile().toString();
    assertEquals("401", curl("--cacert", cert), "verified, then asked for a token");
    assertEquals("000", curl(), "curl does not trust it without the certificate");
    assertEquals("000", curl("--cacert", cert, "--tlsv1.1", "--tls-max", "1.1"),
        "TLS 1.1 is refused");
    assertEquals("401", curl("--cacert", cert, "--tls-max", "1.2", "--ciphers",
        "ECDHE-ECDSA-AES128-GCM-SHA256"), "TLS 1.2 with an intermediate suite is served");
    assertEquals("000", curl("--cacert", cert, "--tls-max", "1.2", "--ciphers",
        "ECDHE-ECDSA-AES128-SHA"), "a CBC suite, outside the intermediate profile, is refused");
  }

  @Test
  void shouldServeTheOperatorsOwnCertificate() throws Exception {
    TlsIdentity own = TlsIdentity.selfSigned(dir.resolve("own"), List.of("127.0.0.1"));
    try (NearlineServer other = NearlineServer.start(config(dir.resolve("with-own"),
        "127.0.0.1", ApiSecurity.defaults().withTls(own.certificateFile(),
            dir.resolve("own/server.key"))))) {
      CliRun pinned = CliRun.of("--url", "https://127.0.0.1:" + other.port(), "--token-file",
          dir.resolve("with-own/admin.token").toString(), "--ca-file",
          own.certificateFile().toString(), "list");
      assertEquals(0, pinned.exitCode(), pinned.err());
      assertTrue(Files.notExists(dir.resolve("with-own/tls")), "no certificate made");
    }
  }

  @Test
  void shouldRefuseAKeyOthersCanReadOrThatIsNotTheCertificates() throws Exception {
    TlsIdentity one = TlsIdentity.selfSigned(dir.resolve("one"), List.of("127.0.0.1"));
    TlsIdentity.selfSigned(dir.resolve("two"), List.of("127.0.0.1"));
    IllegalArgumentException mismatched = assertThrows(IllegalArgumentException.class,
        () -> TlsIdentity.load(one.certificateFile(), dir.resolve("two/server.key")));
    assertTrue(mismatched.getMessage().contains("the key is not the certificate's"),
        mismatched.getMessage());
    Path key = dir.resolve("one/server.key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    IllegalArgumentException exposed = assertThrows(IllegalArgumentException.class,
        () -> TlsIdentity.load(one.certificateFile(), key));
    assertTrue(exposed.getMessage().contains("chmod 600 " + key), exposed.getMessage());
  }

  @Test
  void shouldRefuseToServeAnotherAddressThanLoopbackWithoutTls() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NearlineServer.start(config(dir.resolve("open"), "0.0.0.0",
            ApiSecurity.defaults())));
    assertTrue(e.getMessage().startsWith("refusing to serve the API on 0.0.0.0 without TLS"),
        e.getMessage());
  }

  private static String curl(String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w",
        "%{http_code}", "--max-time", "10"));
    command.addAll(List.of(options));
    command.add(url + "/api/servers");
    return Program.of(command).exec().output().strip();
  }

  private static CliRun cli(String... args) {
    return CliRun.against(url, dir.resolve("nearline/admin.token"), null, args);
  }
}

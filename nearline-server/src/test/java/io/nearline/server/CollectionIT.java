package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.json.Json;
import io.nearline.common.secret.Secret;
import io.nearline.shadow.store.LogStore;
import io.nearline.shadow.store.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CollectionIT {
  @RegisterExtension final NearlineFixture f = NearlineFixture.withServer();

  @Test
  void shouldCollectEveryArchivedSegmentByteIdentical() throws Exception {
    f.primary.writeWal(20);
    f.primary.switchAndArchive();
    JsonNode protectedServer = f.protect("db1");
    assertEquals(f.primary.systemIdentifier(), protectedServer.path("systemIdentifier").asText());

    f.primary.writeWal(40);
    String last = f.primary.switchAndArchive();
    JsonNode s = f.awaitCollected("db1", last);

    assertEquals("collecting", s.path("state").asText());
    assertEquals(0, s.path("gaps").size());
    assertEquals(0, s.path("quarantined").size());
    LogStore store = new LogStore(f.dir.resolve("nearline/store"), 0);
    long segments = 0;
    try (var files = Files.list(f.primary.archiveDir())) {
      for (Path p : files.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}")).toList()) {
        byte[] original = Files.readAllBytes(p);
        String name = p.getFileName().toString();
        assertArrayEquals(original, store.read("db1", name, Sha256.hex(original)), name);
        segments++;
      }
    }
    assertEquals(segments, s.path("segmentsCollected").asLong());
    assertEquals(segments * (16 << 20), s.path("bytesCollected").asLong());
    assertTrue(segments >= 4, "wrote 60 MB of WAL: " + segments);
  }

  @Test
  void shouldCollectASegmentAsSoonAsItIsArchivedWithoutWaitingForThePoll() throws Exception {
    f.stopServer();
    f.startServer(f.dir.resolve("nearline"), 0,
        NearlineFixture.fastSettings().withPollInterval(Duration.ofMinutes(10)));
    String first = f.primary.switchAndArchive();
    f.protect("db1");
    f.awaitCollected("db1", first); // the first poll, at start
    NearlineFixture.sleep(1000); // the watch is armed within moments of the start

    f.primary.writeWal(1);
    String next = f.primary.switchAndArchive();
    assertTrue(next.compareTo(first) > 0, next + " follows " + first);
    JsonNode s = f.awaitStatus("db1", Duration.ofSeconds(20),
        st -> next.equals(st.path("lastSegment").asText()));

    assertEquals("collecting", s.path("state").asText(),
        "collected long before the 10-minute poll: the share's change notification woke it");
  }

  @Test
  void shouldReportStatusAndMetricsThroughTheCommandLine() throws Exception {
    f.protect("db1");
    String last = f.primary.switchAndArchive();
    f.awaitCollected("db1", last);
    CliRun json = f.cli("status", "--json");
    assertEquals(0, json.exitCode(), json.err());
    JsonNode arr = Json.MAPPER.readTree(json.out());
    JsonNode db1 = arr.get(0);
    for (String field : new String[] {"name", "kind", "state", "lastSegment", "lastCollectedAt",
        "segmentsCollected", "bytesCollected", "gaps", "quarantined", "lastError"}) {
      assertTrue(db1.has(field), "status --json lacks " + field + ": " + db1);
    }
    assertEquals(last, db1.path("lastSegment").asText());

    CliRun paused = f.cli("pause", "db1");
    assertEquals("db1: paused", paused.out().trim());
    assertEquals("collecting", f.cli("resume", "db1").out().trim().split(": ")[1]);
    JsonNode audited = null;
    for (JsonNode e : Json.MAPPER.readTree(f.cli("audit", "--json").out())) {
      if (e.path("action").asText().equals("POST /api/servers/db1/pause")) {
        audited = Json.MAPPER.readTree(e.path("detail").asText());
      }
    }
    assertNotNull(audited, "the pause is in the audit log");
    assertEquals("collecting", audited.at("/before/state").asText(), "audited: " + audited);
    assertEquals("paused", audited.at("/after/state").asText(), "audited: " + audited);

    String metrics = f.api.getText("/metrics");
    assertMetric(metrics, "nearline_collected_bytes_total\\{server=\"db1\",?} 1\\.6777216E7");
    assertMetric(metrics, "nearline_collection_lag_seconds\\{server=\"db1\",?} [0-9.E]+");
    assertMetric(metrics,
        "nearline_collection_errors_total\\{class=\"permanent\",server=\"db1\",?} 0\\.0");
  }

  @Test
  void shouldProtectThroughTheCommandLineAndServeCollectedFilesVerified() throws Exception {
    String url = "http://127.0.0.1:" + f.server.port();
    Path passwordFile = f.dir.resolve("smb.pass");
    Files.writeString(passwordFile, NearlineFixture.SMB_PASSWORD + "\n");
    CliRun refused = f.cli("protect", "Bad Name", "--share", "http://x/",
        "--user", "u", "--password-file", passwordFile.toString(), "--primary", "host=h");
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().contains("name: ") && refused.err().contains("share: "),
        refused.err());

    CliRun ok = f.cli("protect", "db1", "--share", f.samba.url("archive"),
        "--user", io.nearline.testkit.SambaServer.USER, "--password-file",
        passwordFile.toString(), "--primary", f.primary.connectionString(), "--no-surrogate");
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().contains("system identifier " + f.primary.systemIdentifier()), ok.out());

    String last = f.primary.switchAndArchive();
    f.awaitCollected("db1", last);
    Secret reader = f.server.credentials().issueLogReader("test reader", "db1", null);
    var served = get(url + "/api/servers/db1/wal/" + last, reader.reveal());
    assertEquals(200, served.statusCode());
    assertArrayEquals(Files.readAllBytes(f.primary.archiveDir().resolve(last)), served.body());
    var missing = get(url + "/api/servers/db1/wal/0000000100000000000000FF", reader.reveal());
    assertEquals(404, missing.statusCode(), "not collected: quiet 404");
    String admin = Files.readString(f.adminTokenFile()).strip();
    assertEquals(403, get(url + "/api/servers/db1/wal/" + last, admin).statusCode(),
        "only a log reader reads the log, not even an admin");
  }

  static java.net.http.HttpResponse<byte[]> get(String url, String token) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(url)).header("Authorization", "Bearer " + token).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
  }

  static void assertMetric(String metrics, String regex) {
    assertTrue(java.util.regex.Pattern.compile("(?m)^" + regex + "$").matcher(metrics).find(),
        "no line matching " + regex + " in\n" + metrics);
  }
}

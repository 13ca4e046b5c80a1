package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.retry.Backoff;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.smb.TransferRetry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The share goes away, restarts mid-transfer, or stops accepting the password. */
class ShareFailureIT {
  @RegisterExtension final NearlineFixture f = NearlineFixture.withServer();

  @Test
  void shouldRetryWithBackoffWhileTheShareIsUnreachableThenCatchUp() throws Exception {
    f.protect("db1");
    f.awaitCollected("db1", f.archiveSegments(1).get(0));
    f.samba.stop();
    String last = f.archiveSegments(3).get(2);
    JsonNode retrying = f.awaitStatus("db1", Duration.ofSeconds(30),
        s -> s.path("state").asText().equals("retrying"));
    assertTrue(retrying.path("lastError").asText().toLowerCase().contains("connect"),
        retrying.path("lastError").asText());
    f.samba.start();
    JsonNode s = f.awaitCollected("db1", last);
    assertEquals("collecting", s.path("state").asText());
    f.assertStoredIdentical("db1", last);
  }

  @Test
  void shouldShowAnOutageInTheMiddleOfATransferAsRetryingThenClearTheError() throws Exception {
    // Transfers that resume by themselves for far longer than the outage: status must still
    // say, meanwhile, that collection is not going on.
    f.stopServer();
    f.startServer(f.dir.resolve("nearline"), 0, NearlineFixture.fastSettings().withTransferRetry(
        new TransferRetry(60, new Backoff(Duration.ofMillis(200), Duration.ofMillis(500)),
            Duration.ofSeconds(5))));
    List<String> backlog = f.archiveSegments(40);
    f.protect("db1");
    f.awaitStatus("db1", Duration.ofSeconds(60), s -> s.path("segmentsCollected").asLong() >= 1);
    f.samba.stop();

    JsonNode retrying = f.awaitStatus("db1", Duration.ofSeconds(10),
        s -> s.path("state").asText().equals("retrying"));
    assertTrue(retrying.path("lastError").asText().startsWith("transfer of 0000"),
        retrying.path("lastError").asText());
    CollectionIT.assertMetric(f.api.getText("/metrics"),
        "nearline_collection_state\\{server=\"db1\",state=\"retrying\",?} 1\\.0");
    f.samba.start();

    String last = backlog.get(backlog.size() - 1);
    JsonNode s = f.awaitCollected("db1", last);
    assertEquals("collecting", s.path("state").asText());
    assertTrue(s.path("lastError").isNull(), "recovered, so no error: " + s.path("lastError"));
    List<String> events = new java.util.ArrayList<>();
    f.api.get("/api/servers/db1/events").forEach(e -> events.add(e.path("message").asText()));
    assertTrue(events.stream().anyMatch(m -> m.startsWith("collecting -> retrying: transfer of")),
        "the outage is in the events: " + events);
    f.assertStoredIdentical("db1", last);
  }

  @Test
  void shouldFinishByteIdenticalWhenSmbdRestartsMidTransfer() throws Exception {
    List<String> backlog = f.archiveSegments(24);
    f.protect("db1");
    f.awaitStatus("db1", Duration.ofSeconds(60), s -> s.path("segmentsCollected").asLong() >= 1);
    for (int i = 0; i < 3; i++) {
      f.samba.restart();
      NearlineFixture.sleep(150);
    }
    String last = backlog.get(backlog.size() - 1);
    JsonNode s = f.awaitCollected("db1", last);
    f.assertStoredIdentical("db1", last);
    String metrics = f.api.getText("/metrics");
    double resumes = metricValue(metrics, "nearline_transfer_resumes_total");
    assertTrue(resumes + s.path("errors").asLong() > 0,
        "the restarts went unnoticed: no resume, no retry");
  }

  @Test
  void shouldRefuseAWrongPasswordAtProtectTimeAndSaveNothing() {
    ApiClient.ApiException e = assertThrows(ApiClient.ApiException.class,
        () -> f.api.post("/api/servers", f.protectRequest("db1", "wrong-password")));
    assertTrue(e.getMessage().contains("wrong user name or password"), e.getMessage());
    assertEquals(0, f.api.get("/api/servers").size());
  }

  @Test
  void shouldStopWithoutRetryStormWhenThePasswordChanges() throws Exception {
    f.protect("db1");
    f.awaitCollected("db1", f.archiveSegments(1).get(0));
    f.samba.setPassword("changed-Pass1");
    f.samba.restart(); // drops the authenticated session, as a password change on a server would
    String last = f.archiveSegments(1).get(0);
    JsonNode failed = f.awaitStatus("db1", Duration.ofSeconds(30),
        s -> s.path("state").asText().equals("failed"));
    assertTrue(failed.path("lastError").asText().contains("wrong user name or password"),
        failed.path("lastError").asText());
    NearlineFixture.sleep(3000); // 15 poll intervals
    JsonNode later = f.status("db1");
    assertEquals("failed", later.path("state").asText());
    assertEquals(failed.path("errors").asLong(), later.path("errors").asLong(), "no retries");
    // The restart itself may cost one retriable error; the wrong password costs exactly one try.
    CollectionIT.assertMetric(f.api.getText("/metrics"),
        "nearline_collection_errors_total\\{class=\"permanent\",server=\"db1\",?} 1\\.0");

    f.samba.setPassword(NearlineFixture.SMB_PASSWORD);
    f.resume("db1");
    f.awaitCollected("db1", last);
  }

  static double metricValue(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}

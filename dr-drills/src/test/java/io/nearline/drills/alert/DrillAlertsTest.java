package io.nearline.drills.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nearline.services.AlertSettings;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Alerts reach a real SMTP server (GreenMail, on loopback) and a webhook. */
class DrillAlertsTest {
  private static final int SMTP_PORT = freePort();

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(SMTP_PORT,
      "127.0.0.1", ServerSetup.PROTOCOL_SMTP)).withConfiguration(GreenMailConfiguration.aConfig()
      .withUser("nearline@example.com", "nearline", "mail-Pass"));

  @TempDir
  Path dir;

  @Test
  void shouldLogCountPostAndMailEachAlert() throws Exception {
    BlockingQueue<String> posted = new ArrayBlockingQueue<>(4);
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/alerts", exchange -> {
      posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    hook.start();
    Path password = dir.resolve("smtp.password");
    Files.writeString(password, "mail-Pass\n");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AlertSettings settings = new AlertSettings("http://127.0.0.1:" + hook.getAddress()
        .getPort() + "/alerts", "127.0.0.1", SMTP_PORT, false, "nearline", password.toString(),
        "nearline@example.com", List.of("dr-team@example.com"));
    try (DrillAlerts alerts = new DrillAlerts(() -> settings, registry)) {
      alerts.raise(new Alert(Alert.FAILED, "db1-failover", 42L, "drill 42 of policy "
          + "db1-failover failed: probe orders failed", Instant.parse("2026-12-02T07:00:00Z")));
      String json = posted.poll(20, TimeUnit.SECONDS);
      assertTrue(json != null && json.contains("\"kind\" : \"failed\"")
          && json.contains("\"drill\" : 42"), String.valueOf(json));
      assertTrue(SMTP.waitForIncomingEmail(20_000, 1));
    } finally {
      hook.stop(0);
    }
    MimeMessage mail = SMTP.getReceivedMessages()[0];
    assertEquals("Nearline: drill failed for policy db1-failover", mail.getSubject());
    assertEquals("dr-team@example.com", mail.getAllRecipients()[0].toString());
    assertTrue(GreenMailUtil.getBody(mail).contains("probe orders failed"));
    assertEquals(1.0, registry.get("nearline.drill.alerts").tag("kind", "failed")
        .tag("policy", "db1-failover").counter().count());
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

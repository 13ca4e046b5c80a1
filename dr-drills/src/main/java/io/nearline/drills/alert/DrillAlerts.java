package io.nearline.drills.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.common.json.Json;
import io.nearline.services.AlertSettings;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises alerts about drills: each is logged (event {@code drill alert}) and counted
 * ({@code nearline_drill_alerts_total{kind,policy}}) at once, then POSTed to the webhook and
 * mailed, if set, on a thread of its own so that a slow mail server delays nothing else. A
 * delivery that fails is logged; the alert stays in the log and the metric.
 */
public final class DrillAlerts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DrillAlerts.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Supplier<AlertSettings> settings;
  private final MeterRegistry registry;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "drill-alerts");
    t.setDaemon(true);
    return t;
  });

  public DrillAlerts(Supplier<AlertSettings> settings, MeterRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  public void raise(Alert alert) {
    LOG.atWarn().addKeyValue("kind", alert.kind()).addKeyValue("policy", alert.policy())
        .addKeyValue("drill", alert.drill()).log("drill alert: {}", alert.message());
    Counter.builder("nearline.drill.alerts").description("Alerts raised about drills")
        .tag("kind", alert.kind()).tag("policy", alert.policy()).register(registry).increment();
    delivery.submit(() -> deliver(alert));
  }

  private void deliver(Alert alert) {
    AlertSettings s = settings.get();
    if (s.webhookUrl() != null && !s.webhookUrl().isBlank()) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(s.webhookUrl()))
            .timeout(TIMEOUT).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(alert))).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() >= 300) {
          LOG.error("the alert webhook {} answered HTTP {}", where(s.webhookUrl()),
              r.statusCode());
        }
      } catch (IOException e) {
        LOG.error("the alert webhook {} cannot be reached: {}", where(s.webhookUrl()),
            e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (s.mails()) {
      try {
        mail(s, alert);
      } catch (MessagingException | IOException e) {
        LOG.error("the alert could not be mailed through {}:{}: {}", s.smtpHost(), s.port(),
            e.toString());
      }
    }
  }

  /** A webhook's scheme and host only: its path often holds a secret token. */
  private static String where(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getAuthority() + "/…";
  }

  private static void mail(AlertSettings s, Alert alert) throws MessagingException, IOException {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", s.smtpHost());
    p.setProperty("mail.smtp.port", String.valueOf(s.port()));
    p.setProperty("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
    p.setProperty("mail.smtp.timeout", String.valueOf(TIMEOUT.toMillis()));
    if (s.smtpStartTls()) {
      p.setProperty("mail.smtp.starttls.enable", "true");
      p.setProperty("mail.smtp.starttls.required", "true");
    }
    boolean auth = s.smtpUser() != null && !s.smtpUser().isBlank();
    p.setProperty("mail.smtp.auth", String.valueOf(auth));
    MimeMessage m = new MimeMessage(Session.getInstance(p));
    m.setFrom(new InternetAddress(s.mailFrom()));
    for (String to : s.mailTo()) {
      m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    m.setSubject(alert.subject(), "UTF-8");
    m.setText(alert.message() + "\n\npolicy: " + alert.policy() + "\nkind: " + alert.kind()
        + (alert.drill() == null ? "" : "\ndrill: " + alert.drill()) + "\nat: " + alert.at()
        + "\n", "UTF-8");
    if (auth) {
      String password = s.smtpPasswordFile() == null ? ""
          : Files.readString(Path.of(s.smtpPasswordFile())).strip();
      Transport.send(m, s.smtpUser(), password);
    } else {
      Transport.send(m);
    }
  }

  @Override
  public void close() throws InterruptedException {
    delivery.shutdown();
    delivery.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}

package io.nearline.drills.alert;

import io.nearline.common.config.Validation;
import io.nearline.common.json.Json;
import io.nearline.services.AlertSettings;
import io.nearline.services.NearlineException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** Where alerts go, kept in the catalog as one checked JSON document. */
public final class AlertSettingsStore {
  private final Jdbi jdbi;

  public AlertSettingsStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public AlertSettings load() {
    return jdbi.withHandle(h -> h.createQuery("SELECT body FROM drill_alert_settings WHERE id = 1")
        .mapTo(String.class).findOne()).map(b -> Json.read(b, AlertSettings.class))
        .orElse(AlertSettings.NONE);
  }

  public AlertSettings save(AlertSettings settings) {
    Map<String, String> problems = new TreeMap<>(Validation.problems(settings));
    if (settings.webhookUrl() != null && !settings.webhookUrl().isBlank()) {
      try {
        String scheme = URI.create(settings.webhookUrl()).getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
          problems.put("webhookUrl", "must be an http or https URL");
        }
      } catch (IllegalArgumentException e) {
        problems.put("webhookUrl", "is not a URL: " + e.getMessage());
      }
    }
    if (!settings.mailTo().isEmpty() && (settings.smtpHost() == null
        || settings.smtpHost().isBlank())) {
      problems.put("smtpHost", "is required to mail alerts");
    }
    if (settings.mails() && (settings.mailFrom() == null || settings.mailFrom().isBlank())) {
      problems.put("mailFrom", "is required to mail alerts");
    }
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "invalid alert settings", problems, null);
    }
    String body = Json.write(settings);
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM drill_alert_settings").execute();
      h.createUpdate("INSERT INTO drill_alert_settings (id, body) VALUES (1, :body)")
          .bind("body", body).execute();
    });
    return settings;
  }
}

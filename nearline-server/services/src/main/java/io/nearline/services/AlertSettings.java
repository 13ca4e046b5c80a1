package io.nearline.services;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import java.util.List;

/**
 * Where alerts about drills (failed, missed, overdue) go besides the log and the metrics: a
 * webhook and mail. Empty settings send neither.
 */
public record AlertSettings(
    @Describe("An http(s) URL each alert is POSTed to as JSON") String webhookUrl,
    @Describe("The SMTP server mail is sent through") String smtpHost,
    @Describe("Its port; 25 unless given") @Check.Range(min = 1, max = 65535) Integer smtpPort,
    @Describe("Use STARTTLS, and refuse a server that does not offer it") boolean smtpStartTls,
    @Describe("The SMTP account, if the server asks for one") String smtpUser,
    @Describe("A file on the near-line holding its password (kept out of the catalog)")
    @Check.AbsolutePath String smtpPasswordFile,
    @Describe("The sender's address") String mailFrom,
    @Describe("Who receives alerts") List<String> mailTo) {

  public static final AlertSettings NONE = new AlertSettings(null, null, null, false, null, null,
      null, null);

  public AlertSettings {
    mailTo = mailTo == null ? List.of() : List.copyOf(mailTo);
  }

  public boolean mails() {
    return smtpHost != null && !smtpHost.isBlank() && !mailTo.isEmpty();
  }

  public int port() {
    return smtpPort == null ? 25 : smtpPort;
  }
}

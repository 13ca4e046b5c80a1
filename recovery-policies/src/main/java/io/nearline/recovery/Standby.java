package io.nearline.recovery;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.nearline.common.config.Check;
import io.nearline.common.config.CrossChecked;
import io.nearline.common.config.Describe;
import io.nearline.common.config.Problems;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A server a recovery restores to, or a primary's own host for failback. Its name need not
 * match the primary's. The application's own settings (for PostgreSQL: pgBin, dataDirectory,
 * pgPort) sit beside these fields in the same JSON object; the application's connector reads
 * and checks them.
 */
public record Standby(
    @Describe("How operators call the server") @Check.Required
    @Check.Matches(regex = Names.REGEX, means = Names.MEANS) String name,
    @Describe("How Nearline reaches it: local (this host) or ssh") @Check.Required
    AccessKind access,
    @Describe("Its SSH address; for ssh access") String address,
    @Describe("Its SSH port, usually 22; for ssh access") int sshPort,
    @Describe("The account the application runs as there; it logs in with sshKeyFile")
    String sshUser,
    @Describe("The private key on the near-line host (OpenSSH format), its known_hosts file "
        + "beside it") String sshKeyFile,
    @Describe("For local access, the account the application runs as (commands run as it)")
    String osUser,
    @Describe("The host name clients are sent to (service entries, DNS)") @Check.Required
    String clientHost,
    @Describe("Whether whatever sits where the restore goes may be moved aside")
    boolean disposable,
    @Describe("How the server reaches this Nearline server for collected log") @Check.Required
    String nearlineUrl,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> settings) implements CrossChecked {

  public Standby {
    // Sorted, so that policy files list the settings the same way each time.
    settings = Collections.unmodifiableMap(new TreeMap<>(settings == null ? Map.of()
        : settings));
  }

  @JsonIgnore
  public boolean isSsh() {
    return access == AccessKind.SSH;
  }

  /** The same server with other application settings. */
  public Standby withSettings(Map<String, Object> settings) {
    return new Standby(name, access, address, sshPort, sshUser, sshKeyFile, osUser, clientHost,
        disposable, nearlineUrl, settings);
  }

  /** The same server, reaching another Nearline server for collected log. */
  public Standby withNearlineUrl(String url) {
    return new Standby(name, access, address, sshPort, sshUser, sshKeyFile, osUser, clientHost,
        disposable, url, settings);
  }

  @Override
  public void check(Problems problems) {
    if (isSsh()) {
      requiredForSsh(problems, "address", address);
      requiredForSsh(problems, "sshUser", sshUser);
      requiredForSsh(problems, "sshKeyFile", sshKeyFile);
      if (sshPort < 1 || sshPort > 65535) {
        problems.add("sshPort", "must be a TCP port (1 to 65535), not " + sshPort);
      }
    }
  }

  private static void requiredForSsh(Problems problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(field, "is required for ssh access");
    }
  }
}

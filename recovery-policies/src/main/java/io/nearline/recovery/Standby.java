package io.nearline.recovery;

import java.util.List;

/**
 * The server a recovery restores to. Its name need not match the primary's.
 *
 * @param name how operators call it
 * @param access {@code local} (this host) or {@code ssh}
 * @param address the SSH address; ignored for local
 * @param sshPort usually 22
 * @param sshUser the account PostgreSQL runs as there; it logs in with {@code sshKeyFile}
 * @param sshKeyFile the private key on the near-line host (OpenSSH format)
 * @param osUser for local access, the account PostgreSQL runs as (commands run as it)
 * @param pgBin the PostgreSQL binaries there, e.g. {@code /usr/lib/postgresql/15/bin}
 * @param dataDirectory where the restored cluster goes; must be empty or marked disposable
 * @param pgPort the port PostgreSQL listens on there
 * @param clientHost the host name clients are sent to (service entries)
 * @param disposable true if whatever sits in the data directory may be replaced
 * @param nearlineUrl how the server reaches this Nearline server for collected WAL (recovery,
 *     pg_rewind)
 */
public record Standby(String name, String access, String address, int sshPort, String sshUser,
    String sshKeyFile, String osUser, String pgBin, String dataDirectory, int pgPort,
    String clientHost, boolean disposable, String nearlineUrl) {

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isSsh() {
    return "ssh".equals(access);
  }

  /** @param role how messages call this server */
  void validate(String role) throws InvalidPolicyException {
    Fields.name(role + " name", name);
    String at = role + " " + name + ": ";
    if (!List.of("local", "ssh").contains(access)) {
      throw new InvalidPolicyException(at + "access must be local or ssh, not " + access);
    }
    if (isSsh()) {
      Fields.required(at + "address", address);
      Fields.required(at + "sshUser", sshUser);
      Fields.required(at + "sshKeyFile", sshKeyFile);
      Fields.port(at + "sshPort", sshPort);
    }
    Fields.absolutePath(at + "pgBin", pgBin);
    Fields.absolutePath(at + "dataDirectory", dataDirectory);
    Fields.port(at + "pgPort", pgPort);
    Fields.required(at + "clientHost", clientHost);
    Fields.required(at + "nearlineUrl", nearlineUrl);
  }
}

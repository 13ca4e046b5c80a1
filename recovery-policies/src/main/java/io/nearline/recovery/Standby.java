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
 * @param nearlineUrl how the standby reaches this Nearline server for WAL during recovery
 */
public record Standby(String name, String access, String address, int sshPort, String sshUser,
    String sshKeyFile, String osUser, String pgBin, String dataDirectory, int pgPort,
    String clientHost, boolean disposable, String nearlineUrl) {

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isSsh() {
    return "ssh".equals(access);
  }

  void validate() throws InvalidPolicyException {
    Fields.name("standby name", name);
    if (!List.of("local", "ssh").contains(access)) {
      throw new InvalidPolicyException("standby " + name + ": access must be local or ssh, not "
          + access);
    }
    if (isSsh()) {
      Fields.required("standby " + name + ": address", address);
      Fields.required("standby " + name + ": sshUser", sshUser);
      Fields.required("standby " + name + ": sshKeyFile", sshKeyFile);
      Fields.port("standby " + name + ": sshPort", sshPort);
    }
    Fields.absolutePath("standby " + name + ": pgBin", pgBin);
    Fields.absolutePath("standby " + name + ": dataDirectory", dataDirectory);
    Fields.port("standby " + name + ": pgPort", pgPort);
    Fields.required("standby " + name + ": clientHost", clientHost);
    Fields.required("standby " + name + ": nearlineUrl", nearlineUrl);
  }
}

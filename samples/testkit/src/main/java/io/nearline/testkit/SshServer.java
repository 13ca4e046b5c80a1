package io.nearline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private OpenSSH sshd on a loopback port that lets {@link UnprivilegedUser} in with one
 * generated key: a Linux standby for tests. The client key and a known_hosts file holding this
 * server's host key sit side by side ({@code id_ecdsa}, {@code id_ecdsa.known_hosts}). Needs root.
 */
public final class SshServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Process sshd;

  private SshServer(Path dir, int port, Process sshd) {
    this.dir = dir;
    this.port = port;
    this.sshd = sshd;
  }

  public static SshServer start(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.createDirectories(Path.of("/run/sshd"));
      UnprivilegedUser.own(dir);
      // sshd refuses accounts without a login shell, and locked ones ('!'); '*' only means no
      // password works.
      Command.run(dir, "usermod", "--shell", "/bin/bash", "--password", "*",
          UnprivilegedUser.NAME);
      Command.run(dir, "ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f",
          dir.resolve("host_key").toString());
      Command.run(dir, "ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f",
          dir.resolve("id_ecdsa").toString());
      Files.copy(dir.resolve("id_ecdsa.pub"), dir.resolve("authorized_keys"));
      int port = Ports.free();
      Files.writeString(dir.resolve("id_ecdsa.known_hosts"), "[127.0.0.1]:" + port + " "
          + Files.readString(dir.resolve("host_key.pub")));
      Files.writeString(dir.resolve("sshd_config"), """
          ListenAddress 127.0.0.1
          Port %d
          HostKey %s
          PidFile %s
          AuthorizedKeysFile %s
          AllowUsers %s
          PasswordAuthentication no
          KbdInteractiveAuthentication no
          PubkeyAuthentication yes
          UsePAM no
          StrictModes no
          PermitRootLogin no
          """.formatted(port, dir.resolve("host_key"), dir.resolve("sshd.pid"),
          dir.resolve("authorized_keys"), UnprivilegedUser.NAME));
      UnprivilegedUser.own(dir.resolve("authorized_keys"));
      Process p = Command.start(dir, dir.resolve("sshd.log"), List.of("/usr/sbin/sshd", "-D",
          "-e", "-f", dir.resolve("sshd_config").toString()));
      Ports.awaitListening(port, Duration.ofSeconds(20), p);
      return new SshServer(dir, port, p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot set up sshd in " + dir + ": " + e, e);
    }
  }

  public int port() {
    return port;
  }

  public String user() {
    return UnprivilegedUser.NAME;
  }

  /** The client's private key; its known_hosts file is this path plus {@code .known_hosts}. */
  public Path clientKey() {
    return dir.resolve("id_ecdsa");
  }

  @Override
  public void close() {
    Command.stop(sshd);
  }
}

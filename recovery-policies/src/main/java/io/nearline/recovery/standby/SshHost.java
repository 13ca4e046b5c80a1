package io.nearline.recovery.standby;

import io.nearline.recovery.Standby;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * A Linux standby reached over SSH with a key, the host key checked against a known_hosts file
 * ({@code <sshKeyFile>.known_hosts}, or the account's {@code ~/.ssh/known_hosts}). One session
 * per recovery step; each command is one exec channel.
 */
final class SshHost implements StandbyHost {
  private final SshClient client;
  private final ClientSession session;
  private final String description;

  private SshHost(SshClient client, ClientSession session, String description) {
    this.client = client;
    this.session = session;
    this.description = description;
  }

  static SshHost connect(Standby standby) throws StandbyException {
    String description = standby.sshUser() + "@" + standby.address() + ":" + standby.sshPort();
    Path key = Path.of(standby.sshKeyFile());
    Path knownHosts = Path.of(standby.sshKeyFile() + ".known_hosts");
    if (!Files.exists(knownHosts)) {
      knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(
        RejectAllServerKeyVerifier.INSTANCE, knownHosts));
    client.start();
    try {
      ClientSession session = client.connect(standby.sshUser(), standby.address(),
          standby.sshPort()).verify(Duration.ofSeconds(10)).getSession();
      session.addPublicKeyIdentity(loadKey(key));
      session.auth().verify(Duration.ofSeconds(15));
      return new SshHost(client, session, description);
    } catch (IOException | GeneralSecurityException e) {
      client.stop();
      throw new StandbyException(description + ": cannot log in over SSH: " + e.getMessage()
          + " (host key checked against " + knownHosts + ")", e);
    }
  }

  private static KeyPair loadKey(Path key) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(key)) {
      var keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(key.toString()),
          in, null);
      if (keys == null || !keys.iterator().hasNext()) {
        throw new GeneralSecurityException("no private key in " + key);
      }
      return keys.iterator().next();
    }
  }

  @Override
  public String run(String command, InputStream input, Duration timeout)
      throws StandbyException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ChannelExec channel = session.createExecChannel(
        "bash -c " + StandbyHost.quote(command))) {
      channel.setIn(input);
      channel.setOut(out);
      channel.setErr(err);
      channel.open().verify(Duration.ofSeconds(15));
      Set<ClientChannelEvent> events = channel.waitFor(
          EnumSet.of(ClientChannelEvent.CLOSED), timeout);
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        throw new StandbyException(description + ": timed out after " + timeout.toSeconds()
            + " s: " + command);
      }
      Integer status = channel.getExitStatus();
      if (status == null || status != 0) {
        throw new StandbyException(description + ": exit " + status + " from " + command + ": "
            + text(err.toByteArray()).strip());
      }
      return text(out.toByteArray());
    } catch (IOException e) {
      throw new StandbyException(description + ": " + command + ": " + e.getMessage(), e);
    }
  }

  /** What a command printed, its last 4000 characters: the end says what went wrong. */
  private static String text(byte[] bytes) {
    String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    client.stop();
  }
}

package io.nearline.server.cli;

import io.nearline.common.retry.Backoff;
import io.nearline.server.ApiSecurity;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.auth.ConsoleConfig;
import io.nearline.server.auth.DirectorySignIn;
import io.nearline.server.collect.CollectionSettings;
import io.nearline.server.peer.PeerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "server", description = "Run the Nearline server until stopped (Ctrl-C or SIGTERM).")
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--data-dir", defaultValue = "${env:NEARLINE_DATA:-${sys:user.home}/.nearline}",
      description = "Catalog, log store and key (default: $NEARLINE_DATA or ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "API address (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "" + ServerConfig.DEFAULT_PORT,
      description = "API port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--poll-interval", defaultValue = "PT2S",
      description = "How often each share is listed, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(names = "--connections", defaultValue = "4",
      description = "SMB connections per share (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--settle-time", defaultValue = "PT30S",
      description = "How long a short segment must stay unchanged before it counts as truncated (default: ${DEFAULT-VALUE}).")
  Duration settleTime;

  @Option(names = "--store-reserve-mb", defaultValue = "256",
      description = "Free space the log store leaves on its disk, MiB (default: ${DEFAULT-VALUE}).")
  long reserveMb;

  @Option(names = "--max-backoff", defaultValue = "PT2M",
      description = "Longest pause between retries of a failing share (default: ${DEFAULT-VALUE}).")
  Duration maxBackoff;

  @Option(names = "--open-metrics", description = "Let scrapers read /metrics without a token "
      + "(closed by default).")
  boolean openMetrics;

  @Option(names = "--tls", description = "Serve the API over TLS (required on any address but "
      + "loopback); without --tls-cert a self-signed certificate is made at first start in "
      + "DIR/tls/, which clients pin with --ca-file.")
  boolean tls;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "The server's certificate "
      + "(PEM, with its chain); implies --tls.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "The certificate's private "
      + "key (PEM, unencrypted).")
  Path tlsKey;

  @Option(names = "--master-key", paramLabel = "FILE", description = "Encrypt the log store "
      + "and baselines at rest under data keys this master key file (mode 0600) wraps; made at "
      + "first start if absent. Keep a copy apart from this host: without it the store cannot "
      + "be read.")
  java.nio.file.Path masterKey;

  @Option(names = "--peer-port", defaultValue = "" + PeerConfig.DEFAULT_PORT,
      description = "The near-line peer link's port (default: ${DEFAULT-VALUE}; 0 picks a free "
          + "one).")
  int peerPort;

  @Option(names = "--peer-bind", paramLabel = "ADDRESS",
      description = "The peer link's address (default: the API's).")
  String peerBind;

  @Option(names = "--peer-address", paramLabel = "HOST:PORT",
      description = "How the peer reaches this near-line's link, if not by its bind address.")
  String peerAddress;

  @Option(names = "--console-idle", defaultValue = "PT30M", description = "A console session "
      + "ends after this long without a request (default: ${DEFAULT-VALUE}).")
  Duration consoleIdle;

  @Option(names = "--ldap-url", paramLabel = "URL", description = "Let people sign in to the "
      + "console with the directory at ldap://host:port or ldaps://host:port.")
  String ldapUrl;

  @Option(names = "--ldap-user-dn", paramLabel = "TEMPLATE", description = "The DN a person "
      + "binds as, {user} standing for the name typed, e.g. uid={user},ou=people,dc=example,"
      + "dc=org.")
  String ldapUserDn;

  @Option(names = "--ldap-viewer-group", paramLabel = "DN", description = "Its members may view.")
  String ldapViewerGroup;

  @Option(names = "--ldap-operator-group", paramLabel = "DN",
      description = "Its members may also act (failover, drills).")
  String ldapOperatorGroup;

  @Option(names = "--ldap-admin-group", paramLabel = "DN",
      description = "Its members may also change what is protected.")
  String ldapAdminGroup;

  private ConsoleConfig console() {
    ConsoleConfig d = ConsoleConfig.defaults();
    ConsoleConfig c = new ConsoleConfig(consoleIdle, d.maxFailures(), d.lockout(), null);
    return ldapUrl == null ? c : c.withDirectory(new DirectorySignIn(ldapUrl, ldapUserDn,
        ldapViewerGroup, ldapOperatorGroup, ldapAdminGroup));
  }

  @Override
  public Integer call() throws Exception {
    CollectionSettings d = CollectionSettings.defaults();
    CollectionSettings settings = d.withPollInterval(pollInterval).withConnections(connections)
        .withSettleTime(settleTime)
        .withRetryBackoff(new Backoff(d.retryBackoff().first(), maxBackoff));
    NearlineServer server = NearlineServer.start(
        new ServerConfig(dataDir, bind, port, reserveMb << 20, settings)
            .withSecurity(new ApiSecurity(openMetrics, tls || tlsCert != null || tlsKey != null,
                tlsCert, tlsKey, console()))
            .withPeer(new PeerConfig(peerBind, peerPort, peerAddress))
            .withMasterKey(masterKey));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "nearline-shutdown"));
    System.out.println("nearline server listening on " + (server.certificateFile() == null
        ? "http://" : "https://") + bind + ":" + server.port()
        + " (data in " + dataDir + "; at first start an admin token is written to "
        + dataDir.resolve("admin.token") + ")");
    if (server.consoleSetupLink() != null) {
      System.out.println("set the console's admin password at " + server.consoleSetupLink()
          + " (once; also written to " + dataDir.resolve("console-setup.link") + ")");
    }
    stopped.await();
    return 0;
  }
}

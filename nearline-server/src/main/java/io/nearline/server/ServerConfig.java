package io.nearline.server;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.server.collect.CollectionSettings;
import io.nearline.server.peer.PeerConfig;
import io.nearline.server.pit.PointsInTimeConfig;
import io.nearline.server.surrogate.SurrogateConfig;
import java.nio.file.Path;

/** How one Nearline server runs; checked as a whole when the server starts. */
public record ServerConfig(
    @Describe("Holds the catalog, the log store, surrogates and the secret key") @Check.Required
    Path dataDir,
    @Describe("The API's address; loopback unless the API is put behind TLS") @Check.Required
    String bindAddress,
    @Describe("The API's port, 0 for any free one") @Check.Range(min = 0, max = 65535) int port,
    @Describe("Free space the log store leaves on its file system, in bytes")
    @Check.Range(min = 0, max = Long.MAX_VALUE) long storeReserveBytes,
    @Describe("How collection behaves") @Check.Required CollectionSettings collection,
    @Describe("How surrogates are kept") @Check.Required SurrogateConfig surrogates,
    @Describe("Who may reach the API") @Check.Required ApiSecurity security,
    @Describe("The link to a near-line peer") @Check.Required PeerConfig peer,
    @Describe("Snapshots, synthetic baselines, retention and the verifier") @Check.Required
    PointsInTimeConfig pointsInTime,
    @Describe("The master key file (mode 0600) that wraps the store's data keys: the log store "
        + "and baselines are encrypted at rest; made at first start if absent; null keeps the "
        + "store in clear") Path masterKey) {

  public static final int DEFAULT_PORT = 7480;

  public ServerConfig(Path dataDir, String bindAddress, int port, long storeReserveBytes,
      CollectionSettings collection) {
    this(dataDir, bindAddress, port, storeReserveBytes, collection, SurrogateConfig.defaults());
  }

  public ServerConfig(Path dataDir, String bindAddress, int port, long storeReserveBytes,
      CollectionSettings collection, SurrogateConfig surrogates) {
    this(dataDir, bindAddress, port, storeReserveBytes, collection, surrogates,
        ApiSecurity.defaults(), PeerConfig.defaults(), PointsInTimeConfig.defaults(), null);
  }

  public ServerConfig(Path dataDir, String bindAddress, int port, long storeReserveBytes,
      CollectionSettings collection, SurrogateConfig surrogates, ApiSecurity security) {
    this(dataDir, bindAddress, port, storeReserveBytes, collection, surrogates, security,
        PeerConfig.defaults(), PointsInTimeConfig.defaults(), null);
  }

  public ServerConfig(Path dataDir, String bindAddress, int port, long storeReserveBytes,
      CollectionSettings collection, SurrogateConfig surrogates, ApiSecurity security,
      PeerConfig peer) {
    this(dataDir, bindAddress, port, storeReserveBytes, collection, surrogates, security, peer,
        PointsInTimeConfig.defaults(), null);
  }

  public ServerConfig withSecurity(ApiSecurity security) {
    return new ServerConfig(dataDir, bindAddress, port, storeReserveBytes, collection, surrogates,
        security, peer, pointsInTime, masterKey);
  }

  public ServerConfig withPeer(PeerConfig peer) {
    return new ServerConfig(dataDir, bindAddress, port, storeReserveBytes, collection, surrogates,
        security, peer, pointsInTime, masterKey);
  }

  public ServerConfig withPointsInTime(PointsInTimeConfig pointsInTime) {
    return new ServerConfig(dataDir, bindAddress, port, storeReserveBytes, collection, surrogates,
        security, peer, pointsInTime, masterKey);
  }

  public ServerConfig withMasterKey(Path masterKey) {
    return new ServerConfig(dataDir, bindAddress, port, storeReserveBytes, collection, surrogates,
        security, peer, pointsInTime, masterKey);
  }

  /** Where snapshots are opened. */
  public Path snapshotsDir() {
    return dataDir.resolve("snapshots");
  }

  public Path catalogDir() {
    return dataDir.resolve("catalog");
  }

  public Path storeDir() {
    return dataDir.resolve("store");
  }

  public Path keyFile() {
    return dataDir.resolve("secret.key");
  }

  /** The peer link's key and certificate, and objects arriving from the peer. */
  public Path peerDir() {
    return dataDir.resolve("peer");
  }

  /** Where the console's one-time setup link is written while the admin has no password. */
  public Path consoleSetupFile() {
    return dataDir.resolve("console-setup.link");
  }

  /** Where the first admin token is written at first start (mode 0600). */
  public Path adminTokenFile() {
    return dataDir.resolve("admin.token");
  }
}

package io.nearline.server;

import io.nearline.server.collect.CollectionSettings;
import io.nearline.server.surrogate.SurrogateConfig;
import java.nio.file.Path;

/**
 * How one Nearline server runs.
 *
 * @param dataDir holds the catalog, the log store and the secret key
 * @param bindAddress the API's address; loopback unless the API is put behind TLS
 * @param port the API's port, 0 for any free one
 * @param storeReserveBytes free space the log store leaves on its file system
 */
public record ServerConfig(Path dataDir, String bindAddress, int port, long storeReserveBytes,
    CollectionSettings collection, SurrogateConfig surrogates) {

  public ServerConfig(Path dataDir, String bindAddress, int port, long storeReserveBytes,
      CollectionSettings collection) {
    this(dataDir, bindAddress, port, storeReserveBytes, collection, SurrogateConfig.defaults());
  }

  public static final int DEFAULT_PORT = 7480;

  public Path catalogDir() {
    return dataDir.resolve("catalog");
  }

  public Path storeDir() {
    return dataDir.resolve("store");
  }

  public Path keyFile() {
    return dataDir.resolve("secret.key");
  }
}
